//! The charts of the PDF: one line chart per kind (two lines for blood pressure), drawn from a
//! fixed-size downsampler so memory does not grow with the number of rows.

use super::layout::*;
use super::KindAcc;
use haven_i18n::Arg;

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
pub(super) fn charts(ctx: &mut Ctx, f: &mut Flow, kinds: &[KindAcc]) {
    let charted: Vec<&KindAcc> = kinds.iter().filter(|k| k.dims > 0).collect();
    if charted.is_empty() {
        return;
    }
    f.ensure(CHART_BLOCK_H + 24.0);
    let y = f.y;
    let heading = ctx.tr("exports-pdf-charts", &[]);
    ctx.text(f.cur(), MARGIN_X, y, 13.0, BLACK, &heading);
    f.y -= 22.0;
    for k in charted {
        f.ensure(CHART_BLOCK_H);
        let top = f.y;
        draw_chart(ctx, f.cur(), k, top);
        f.y -= CHART_BLOCK_H;
    }
}

fn draw_chart(ctx: &mut Ctx, page: &mut Page, k: &KindAcc, top: f32) {
    let fs = 7.5;
    let name = k.kind.name().render(ctx.lang);
    let title = if k.unit.is_empty() {
        name
    } else {
        ctx.tr("exports-pdf-chart-title", &[("kind", Arg::Str(name)), ("unit", Arg::Str(k.unit.clone()))])
    };
    let (lo, hi) = k.y_range().unwrap_or((0.0, 1.0));
    let (lo_p, hi_p) = if hi > lo {
        let pad = (hi - lo) * 0.05;
        (lo - pad, hi + pad)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let lo_label = ctx.lang.exact(lo);
    let hi_label = ctx.lang.exact(hi);
    let label_w = ctx.width(&lo_label, fs).max(ctx.width(&hi_label, fs));
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

    // The plot keeps its place in a right-to-left document: time runs left to right, as in the
    // app. The title, count and legend above it are mirrored with the page.
    page.push(Item::Unmirrored(true));
    // Frame, axes, lowest/highest grid lines
    rect(page, plot_x0, plot_y0, plot_x1 - plot_x0, plot_y1 - plot_y0, grey(0.985));
    line(page, grey(0.82), 0.3, &[(plot_x0, sy(hi)), (plot_x1, sy(hi))]);
    line(page, grey(0.82), 0.3, &[(plot_x0, sy(lo)), (plot_x1, sy(lo))]);
    line(page, grey(0.25), 0.7, &[(plot_x0, plot_y1), (plot_x0, plot_y0), (plot_x1, plot_y0)]);

    // Series
    let colours = [rgb(0.12, 0.40, 0.75), rgb(0.80, 0.22, 0.20)];
    for (d, &colour) in colours.iter().enumerate().take(k.dims) {
        let pts: Vec<(f32, f32)> = k.sampler.points(d).into_iter().map(|(t, v)| (sx(t), sy(v))).collect();
        match pts.as_slice() {
            [] => {}
            [(x, y)] => rect(page, x - 2.0, y - 2.0, 4.0, 4.0, colour),
            _ => line(page, colour, 1.0, &pts),
        }
    }

    let hw = ctx.width(&hi_label, fs);
    ctx.text(page, plot_x0 - 4.0 - hw, sy(hi) - fs * 0.35, fs, grey(0.2), &hi_label);
    if hi > lo {
        let lw = ctx.width(&lo_label, fs);
        ctx.text(page, plot_x0 - 4.0 - lw, sy(lo) - fs * 0.35, fs, grey(0.2), &lo_label);
    }
    ctx.text(page, plot_x0, plot_y0 - 11.0, fs, grey(0.2), &k.first_at);
    if k.last_ms > k.first_ms {
        let lw = ctx.width(&k.last_at, fs);
        ctx.text(page, plot_x1 - lw, plot_y0 - 11.0, fs, grey(0.2), &k.last_at);
    }
    page.push(Item::Unmirrored(false));

    // The title, then at the other end (over the plot's edge) the count and, before it, the
    // legend. The plot is not mirrored: in a right-to-left document its far edge from the title
    // is its left one, where the mirrored count must land.
    ctx.text_fit(page, (MARGIN_X, top - 10.0), 10.0, BLACK, &title, CONTENT_W * 0.5);
    let n_label = ctx.tr("exports-pdf-chart-count", &[("n", Arg::Num(k.count as f64))]);
    let nw = ctx.width(&n_label, fs);
    let end = if ctx.rtl() { PAGE_W - plot_x0 } else { plot_x1 };
    let mut x = end - nw;
    ctx.text(page, x, top - 10.0, fs, MUTED, &n_label);
    if k.dims >= 2 {
        for (name, colour) in k.kind.line_names().iter().zip(colours).rev() {
            let legend = ctx.tr("exports-pdf-chart-line", &[("line", Arg::Str(name.render(ctx.lang)))]);
            x -= ctx.width(&legend, fs) + 12.0;
            ctx.text(page, x, top - 10.0, fs, colour, &legend);
        }
    }
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
