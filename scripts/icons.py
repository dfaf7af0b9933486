#!/usr/bin/env python3
"""Makes every icon the desktop, Android and iOS builds need from icons/icon.png (1024 x 1024,
RGBA), into icons/: the desktop sizes Tauri's bundler reads, Android's launcher icons per density
(legacy, round and the adaptive foreground), the Play Store's 512 px icon, and the iOS app icon
set (every size Xcode's AppIcon asks for, the 1024 px App Store icon without transparency).

Run after changing icons/icon.png, and check the results in:

    python3 -m venv /tmp/icons && /tmp/icons/bin/pip install pillow==11.0.0
    /tmp/icons/bin/python scripts/icons.py

xtask's tests check that every file listed here exists at its size (`icons_are_complete`)."""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent / "icons"

# Desktop: what tauri.conf.json's bundle.icon lists.
DESKTOP = {"32x32.png": 32, "128x128.png": 128, "128x128@2x.png": 256}

# Android densities: the launcher icon is 48 dp, the adaptive icon's foreground layer 108 dp.
DENSITIES = {"mdpi": 1, "hdpi": 1.5, "xhdpi": 2, "xxhdpi": 3, "xxxhdpi": 4}

# iOS AppIcon: (points, scales), as Xcode's asset catalogue names them.
IOS = [(20, (1, 2, 3)), (29, (1, 2, 3)), (40, (1, 2, 3)), (60, (2, 3)), (76, (1, 2)), (83.5, (2,))]


def sized(master: Image.Image, px: int) -> Image.Image:
    return master.resize((px, px), Image.LANCZOS)


def round_icon(master: Image.Image, px: int) -> Image.Image:
    icon = sized(master, px)
    mask = Image.new("L", (px * 4, px * 4), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, px * 4 - 1, px * 4 - 1), fill=255)
    icon.putalpha(mask.resize((px, px), Image.LANCZOS))
    return icon


def foreground(master: Image.Image, px: int) -> Image.Image:
    # The adaptive icon shows the middle 72 of its 108 dp; the launcher masks the rest.
    layer = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    inner = round(px * 72 / 108)
    off = (px - inner) // 2
    layer.paste(sized(master, inner), (off, off))
    return layer


def opaque(icon: Image.Image) -> Image.Image:
    # The App Store refuses an icon with an alpha channel.
    return icon.convert("RGB")


def main() -> None:
    master = Image.open(ROOT / "icon.png").convert("RGBA")
    assert master.size == (1024, 1024), f"icons/icon.png is {master.size}, not 1024 x 1024"
    for name, px in DESKTOP.items():
        sized(master, px).save(ROOT / name)
    for density, scale in DENSITIES.items():
        out = ROOT / "android" / f"mipmap-{density}"
        out.mkdir(parents=True, exist_ok=True)
        sized(master, round(48 * scale)).save(out / "ic_launcher.png")
        round_icon(master, round(48 * scale)).save(out / "ic_launcher_round.png")
        foreground(master, round(108 * scale)).save(out / "ic_launcher_foreground.png")
    sized(master, 512).save(ROOT / "android" / "playstore-icon.png")
    ios = ROOT / "ios"
    ios.mkdir(exist_ok=True)
    for points, scales in IOS:
        for scale in scales:
            label = f"{points:g}x{points:g}"
            opaque(sized(master, round(points * scale))).save(ios / f"AppIcon-{label}@{scale}x.png")
    # Xcode's app icon set names the iPad's 2x slots of the small sizes apart (`@2x-1`).
    for points in (20, 29, 40):
        opaque(sized(master, points * 2)).save(ios / f"AppIcon-{points}x{points}@2x-1.png")
    opaque(master).save(ios / "AppIcon-512@2x.png")


if __name__ == "__main__":
    main()
