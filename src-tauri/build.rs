fn main() {
    println!("cargo:rerun-if-changed=../capabilities");
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("../capabilities/**/*"))
        .expect("tauri build script (is ui/dist built? run `cargo xtask run`)");
}
