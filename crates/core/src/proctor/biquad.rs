//! A second-order IIR filter (a biquad, from Robert Bristow-Johnson's "Audio EQ Cookbook"): the voice detector
//! cascades these into its speech-band filter, one sample at a time, with no allocation.

use std::f64::consts::{FRAC_1_SQRT_2, TAU};

/// One biquad section in transposed direct form II (two state values; stable in `f64` at any cutoff the
/// detector uses).
#[derive(Clone, Debug)]
pub(crate) struct Biquad {
    b0: f64,
    b1: f64,
    b2: f64,
    a1: f64,
    a2: f64,
    s1: f64,
    s2: f64,
}

impl Biquad {
    /// A Butterworth (Q = 1/sqrt 2) low-pass at `cutoff` Hz for samples at `rate` Hz.
    pub(crate) fn low_pass(rate: f64, cutoff: f64) -> Biquad {
        let (cos, alpha) = Biquad::angle(rate, cutoff);
        Biquad::normalised(
            [(1.0 - cos) / 2.0, 1.0 - cos, (1.0 - cos) / 2.0],
            [1.0 + alpha, -2.0 * cos, 1.0 - alpha],
        )
    }

    /// A Butterworth (Q = 1/sqrt 2) high-pass at `cutoff` Hz for samples at `rate` Hz.
    pub(crate) fn high_pass(rate: f64, cutoff: f64) -> Biquad {
        let (cos, alpha) = Biquad::angle(rate, cutoff);
        Biquad::normalised(
            [(1.0 + cos) / 2.0, -(1.0 + cos), (1.0 + cos) / 2.0],
            [1.0 + alpha, -2.0 * cos, 1.0 - alpha],
        )
    }

    fn angle(rate: f64, cutoff: f64) -> (f64, f64) {
        let w0 = TAU * cutoff / rate;
        (w0.cos(), w0.sin() / (2.0 * FRAC_1_SQRT_2))
    }

    fn normalised(b: [f64; 3], a: [f64; 3]) -> Biquad {
        Biquad {
            b0: b[0] / a[0],
            b1: b[1] / a[0],
            b2: b[2] / a[0],
            a1: a[1] / a[0],
            a2: a[2] / a[0],
            s1: 0.0,
            s2: 0.0,
        }
    }

    /// Filters one sample.
    pub(crate) fn step(&mut self, x: f64) -> f64 {
        let y = self.b0 * x + self.s1;
        self.s1 = self.b1 * x - self.a1 * y + self.s2;
        self.s2 = self.b2 * x - self.a2 * y;
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gain of a filter on a steady sine, measured after it settles.
    fn gain(mut f: Biquad, rate: f64, freq: f64) -> f64 {
        let n = (rate as usize) / 2;
        let (mut sum_in, mut sum_out) = (0.0, 0.0);
        for i in 0..n {
            let x = (TAU * freq * i as f64 / rate).sin();
            let y = f.step(x);
            if i >= n / 2 {
                sum_in += x * x;
                sum_out += y * y;
            }
        }
        (sum_out / sum_in).sqrt()
    }

    #[test]
    fn low_pass_passes_below_and_cuts_above_its_cutoff() {
        assert!(gain(Biquad::low_pass(16_000.0, 3_400.0), 16_000.0, 500.0) > 0.95);
        assert!((gain(Biquad::low_pass(16_000.0, 3_400.0), 16_000.0, 3_400.0) - FRAC_1_SQRT_2).abs() < 0.02);
        assert!(gain(Biquad::low_pass(48_000.0, 3_400.0), 48_000.0, 12_000.0) < 0.1);
    }

    #[test]
    fn high_pass_cuts_mains_hum() {
        assert!(gain(Biquad::high_pass(48_000.0, 300.0), 48_000.0, 50.0) < 0.03);
        assert!(gain(Biquad::high_pass(44_100.0, 300.0), 44_100.0, 1_000.0) > 0.95);
    }
}
