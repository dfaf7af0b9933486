//! The charts of the PDF: one line chart per kind (two lines for blood pressure), drawn from a
//! fixed-size downsampler so memory does not grow with the number of rows.

use super::layout::*;
use super::KindAcc;
use printpdf::{Op, PaintMode, Pt};

pub(super) const CHART_BLOCK_H: f32 = 220.0;
/// Maximum number of points per charted series (fixed-size downsampler).
pub(super) const CHART_MAX_POINTS: usize = 300;

// Per-kind statistics and fixed-size downsampling

#[derive(Clone, Copy, Default)]
pub(super) struct Bucket {
    t_sum: f64, // sum of (t - t0) in ms
    n: u32,
    sum: [f64; 2],
    cnt: [u32; 2],
}

impl Bucket {
    pub(super) fn merge(&mut self, o: &Bucket) {
        self.t_sum += o.t_sum;
        self.n += o.n;
        for d in 0..2 {
            self.sum[d] += o.sum[d];
            self.cnt[d] += o.cnt[d];
        }
    }
}

/// Keeps at most `CHART_MAX_POINTS` buckets of consecutive points; when full, adjacent
/// pairs are merged and the bucket size doubles. Memory is O(1) in the number of rows.
pub(super) struct Downsampler {
    t0: i64,
    buckets: Vec<Bucket>,
    per: u32,
}

impl Downsampler {
    pub(super) fn new(t0: i64) -> Self {
        Self { t0, buckets: Vec::with_capacity(CHART_MAX_POINTS), per: 1 }
    }

    pub(super) fn push(&mut self, t: i64, vals: &[f64]) {
        let need_new = self.buckets.last().is_none_or(|b| b.n >= self.per);
        if need_new {
            if self.buckets.len() >= CHART_MAX_POINTS {
                let merged: Vec<Bucket> = self
                    .buckets
                    .chunks(2)
                    .map(|c| {
                        let mut b = c[0];
                        if let Some(o) = c.get(1) {
                            b.merge(o);
                        }
                        b
                    })
                    .collect();
                self.buckets.clear();
                self.buckets.extend(merged);
                self.per *= 2;
            }
            if self.buckets.last().is_none_or(|b| b.n >= self.per) {
                self.buckets.push(Bucket::default());
            }
        }
        let b = self.buckets.last_mut().expect("bucket");
        b.t_sum += (t - self.t0) as f64;
        b.n += 1;
        for (d, v) in vals.iter().take(2).enumerate() {
            if v.is_finite() {
                b.sum[d] += v;
                b.cnt[d] += 1;
            }
        }
    }

    /// (time ms, mean value) for dimension `d`.
    pub(super) fn points(&self, d: usize) -> Vec<(f64, f64)> {
        self.buckets
            .iter()
            .filter(|b| b.n > 0 && b.cnt[d] > 0)
            .map(|b| (self.t0 as f64 + b.t_sum / b.n as f64, b.sum[d] / b.cnt[d] as f64))
            .collect()
    }
}

/// The "Charts" section: a heading, then one chart per kind that has numbers.
pub(super) fn charts(ctx: &Ctx, f: &mut Flow, kinds: &[KindAcc]) {
    let charted: Vec<&KindAcc> = kinds.iter().filter(|k| k.dims > 0).collect();
    if !charted.is_empty() {
        f.ensure(CHART_BLOCK_H + 24.0);
        let y = f.y;
        let ops = f.cur();
        ops.push(Op::SetFillColor { col: grey(0.0) });
        ops.push(Op::StartTextSection);
        ctx.text(ops, MARGIN_X, y, 13.0, "Charts".to_string());
        ops.push(Op::EndTextSection);
        f.y -= 22.0;
        for k in charted {
            f.ensure(CHART_BLOCK_H);
            let top = f.y;
            draw_chart(ctx, f.cur(), k, top);
            f.y -= CHART_BLOCK_H;
        }
    }
}

fn draw_chart(ctx: &Ctx, ops: &mut Vec<Op>, k: &KindAcc, top: f32) {
    let m = &ctx.m;
    let fs = 7.5;
    let title = if k.unit.is_empty() { k.kind.label().to_owned() } else { format!("{} ({})", k.kind.label(), k.unit) };
    let (lo, hi) = k.y_range().unwrap_or((0.0, 1.0));
    let (lo_p, hi_p) = if hi > lo {
        let pad = (hi - lo) * 0.05;
        (lo - pad, hi + pad)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let lo_label = fmt_num(lo);
    let hi_label = fmt_num(hi);
    let label_w = m.width_pt(&lo_label, fs).max(m.width_pt(&hi_label, fs));
    let plot_x0 = MARGIN_X + label_w + 8.0;
    let plot_x1 = MARGIN_X + CONTENT_W - 4.0;
    let plot_y1 = top - 22.0;
    let plot_y0 = top - CHART_BLOCK_H + 34.0;
    let sx = |t: f64| -> f32 {
        if k.last_ms > k.first_ms {
            plot_x0 + ((t - k.first_ms as f64) / (k.last_ms - k.first_ms) as f64) as f32 * (plot_x1 - plot_x0)
        } else {
            (plot_x0 + plot_x1) / 2.0
        }
    };
    let sy = |v: f64| -> f32 { plot_y0 + ((v - lo_p) / (hi_p - lo_p)) as f32 * (plot_y1 - plot_y0) };

    // Frame, axes, min/max grid lines
    ops.push(Op::SetFillColor { col: grey(0.985) });
    ops.push(rect(plot_x0, plot_y0, plot_x1 - plot_x0, plot_y1 - plot_y0, PaintMode::Fill));
    ops.push(Op::SetOutlineThickness { pt: Pt(0.3) });
    ops.push(Op::SetOutlineColor { col: grey(0.82) });
    ops.push(line(&[(plot_x0, sy(hi)), (plot_x1, sy(hi))]));
    ops.push(line(&[(plot_x0, sy(lo)), (plot_x1, sy(lo))]));
    ops.push(Op::SetOutlineThickness { pt: Pt(0.7) });
    ops.push(Op::SetOutlineColor { col: grey(0.25) });
    ops.push(line(&[(plot_x0, plot_y1), (plot_x0, plot_y0), (plot_x1, plot_y0)]));

    // Series
    let colors = [rgb(0.12, 0.40, 0.75), rgb(0.80, 0.22, 0.20)];
    let mut single_points = Vec::new();
    for (d, color) in colors.iter().enumerate().take(k.dims) {
        let pts: Vec<(f32, f32)> = k.sampler.points(d).into_iter().map(|(t, v)| (sx(t), sy(v))).collect();
        ops.push(Op::SetOutlineColor { col: color.clone() });
        ops.push(Op::SetOutlineThickness { pt: Pt(1.0) });
        if pts.len() >= 2 {
            ops.push(line(&pts));
        } else if let Some(&(x, y)) = pts.first() {
            single_points.push((x, y, d));
        }
    }
    for (x, y, d) in single_points {
        ops.push(Op::SetFillColor { col: colors[d].clone() });
        ops.push(rect(x - 2.0, y - 2.0, 4.0, 4.0, PaintMode::Fill));
    }

    // Labels
    ops.push(Op::SetFillColor { col: grey(0.0) });
    ops.push(Op::StartTextSection);
    ctx.text(ops, MARGIN_X, top - 10.0, 10.0, fit(m, &title, 10.0, CONTENT_W * 0.6));
    let n_label = format!("{} observation{}", k.count, if k.count == 1 { "" } else { "s" });
    let nw = m.width_pt(&n_label, fs);
    ops.push(Op::SetFillColor { col: grey(0.35) });
    ctx.text(ops, plot_x1 - nw, top - 10.0, fs, n_label);
    if k.dims >= 2 {
        let legend = [("systolic", 0usize), ("diastolic", 1usize)];
        let mut x = plot_x1 - nw - 110.0;
        for (name, d) in legend {
            ops.push(Op::SetFillColor { col: colors[d].clone() });
            ctx.text(ops, x, top - 10.0, fs, format!("— {name}"));
            x += 50.0;
        }
        ops.push(Op::SetFillColor { col: grey(0.35) });
    }
    ops.push(Op::SetFillColor { col: grey(0.2) });
    ctx.text(ops, plot_x0 - 4.0 - m.width_pt(&hi_label, fs), sy(hi) - fs * 0.35, fs, hi_label);
    if hi > lo {
        ctx.text(ops, plot_x0 - 4.0 - m.width_pt(&lo_label, fs), sy(lo) - fs * 0.35, fs, lo_label);
    }
    let first = display_time(&k.first_at);
    let last = display_time(&k.last_at);
    ctx.text(ops, plot_x0, plot_y0 - 11.0, fs, first);
    if k.last_ms > k.first_ms {
        let lw = m.width_pt(&last, fs);
        ctx.text(ops, plot_x1 - lw, plot_y0 - 11.0, fs, last);
    }
    ops.push(Op::EndTextSection);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsampler_is_bounded() {
        let mut d = Downsampler::new(0);
        for i in 0..100_000i64 {
            d.push(i * 1000, &[i as f64]);
            assert!(d.buckets.len() <= CHART_MAX_POINTS);
        }
        let pts = d.points(0);
        assert!(pts.len() >= CHART_MAX_POINTS / 2 && pts.len() <= CHART_MAX_POINTS);
        // means stay on the identity line (t in s == value)
        for (t, v) in pts {
            assert!((t / 1000.0 - v).abs() < 1e-6);
        }
    }
}
