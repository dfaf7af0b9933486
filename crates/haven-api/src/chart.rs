//! A chart's value axis: padded, never narrower than its kind's [`Kind::chart_span`], on round
//! steps, within the values the kind can take. Worked out once, here, so the patient's and the
//! clinician's charts read the same.

use crate::Kind;
use serde::{Deserialize, Serialize};

/// The value axis: from `lo` to `hi` in `step`s (`lo` and `hi` are multiples of `step`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Axis {
    /// The axis for values from `min` to `max` of `kind`.
    pub fn for_values(kind: Kind, min: f64, max: f64) -> Axis {
        // No values (min above max, as a fold over none leaves them) or unreadable ones: the
        // kind's whole scale, in a few round steps.
        let (min, max) = if min.is_finite() && max.is_finite() && min <= max { (min, max) } else { kind.scale() };
        let span = (max - min).max(kind.chart_span());
        let mid = (min + max) / 2.0;
        // A tenth of the span above and below, so no value sits on the chart's edge.
        let (lo, hi) = (mid - span * 0.6, mid + span * 0.6);
        let step = nice_step((hi - lo) / 4.0);
        let (floor, ceil) = kind.scale();
        let lo = ((lo / step).floor() * step).max((floor / step).floor() * step);
        let hi = ((hi / step).ceil() * step).min((ceil / step).ceil() * step);
        Axis { lo, hi, step }
    }

    /// The labelled values, lowest first.
    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(|i| self.lo + self.step * i as f64).collect()
    }

    /// Where `v` sits from the bottom (0) to the top (1).
    pub fn fraction(&self, v: f64) -> f64 {
        if self.hi > self.lo {
            (v - self.lo) / (self.hi - self.lo)
        } else {
            0.5
        }
    }
}

/// The round step (1, 2 or 5 times a power of ten) nearest above `raw`.
fn nice_step(raw: f64) -> f64 {
    let raw = if raw.is_finite() && raw > 0.0 { raw } else { 1.0 };
    let power = 10f64.powf(raw.log10().floor());
    let m = raw / power;
    power
        * if m <= 1.0 {
            1.0
        } else if m <= 2.0 {
            2.0
        } else if m <= 5.0 {
            5.0
        } else {
            10.0
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_change_does_not_fill_the_height() {
        let a = Axis::for_values(Kind::Weight, 70.0, 70.6);
        assert!(a.hi - a.lo >= Kind::Weight.chart_span(), "{a:?}");
        assert!(a.fraction(70.6) - a.fraction(70.0) < 0.15, "{a:?}");
        assert!(a.lo < 70.0 && a.hi > 70.6);
    }

    #[test]
    fn one_value_sits_inside_an_axis_with_distinct_ends() {
        let a = Axis::for_values(Kind::HeartRate, 72.0, 72.0);
        let ticks = a.ticks();
        assert!(ticks.len() >= 3 && ticks.first() != ticks.last(), "{ticks:?}");
        assert!(a.lo < 72.0 && 72.0 < a.hi, "{a:?}");
        // Round labels: every tick a multiple of the step.
        assert!(ticks.iter().all(|t| (t / a.step).fract().abs() < 1e-9), "{ticks:?}");
    }

    #[test]
    fn no_values_give_a_few_labels_not_thousands() {
        for k in Kind::ALL {
            let a = Axis::for_values(k, f64::MAX, f64::MIN);
            assert!((2..=12).contains(&a.ticks().len()), "{k:?}: {a:?}");
            assert!((2..=12).contains(&Axis::for_values(k, f64::NAN, 1.0).ticks().len()), "{k:?}");
        }
    }

    #[test]
    fn the_axis_stays_within_what_the_kind_can_take() {
        let a = Axis::for_values(Kind::OxygenSaturation, 98.0, 100.0);
        assert!(a.hi <= 100.0 && a.lo < 98.0, "{a:?}");
        let s = Axis::for_values(Kind::Symptom, 0.0, 3.0);
        assert!(s.lo >= 0.0, "{s:?}");
        let bp = Axis::for_values(Kind::BloodPressure, 80.0, 120.0);
        assert!(bp.lo < 80.0 && bp.hi > 120.0, "{bp:?}");
    }
}
