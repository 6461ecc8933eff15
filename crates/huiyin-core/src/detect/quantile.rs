//! The standard normal quantile (R's `qnorm`), by Acklam's rational approximation refined with
//! one Halley step on the complementary error function (relative error below 1e-12 over
//! (0, 1)).

/// `qnorm(p)`: the z with P(Z ≤ z) = p; `None` outside (0, 1).
// Acklam's published coefficients, kept digit for digit.
#[allow(clippy::excessive_precision)]
pub fn normal_quantile(p: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.383577518672690e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-03,
        3.224671290700398e-01,
        2.445134137142996e+00,
        3.754408661907416e+00,
    ];
    let low = 0.02425;
    let x = if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    // One Halley step: e = Φ(x) − p, with Φ(x) = erfc(−x/√2)/2.
    let e = 0.5 * erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    Some(x - u / (1.0 + x * u / 2.0))
}

/// The complementary error function: erf's Taylor series below 2 (cancellation costs about
/// e^4 ulp there), the continued fraction of erfc above (Lentz's method). The Halley step only
/// needs it accurate near 1e-12.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let r = if z < 2.0 {
        // erf by its Taylor series, then 1 − erf.
        let mut sum = z;
        let mut term = z;
        let z2 = z * z;
        // At most 80 terms: below 2 the terms fall under 1e-17 of the sum long before (and at
        // z = 0 every term is 0).
        for k in 1..=80 {
            let n = f64::from(k);
            term *= -z2 / n;
            let add = term / (2.0 * n + 1.0);
            sum += add;
            if add.abs() <= 1e-17 * sum.abs() {
                break;
            }
        }
        1.0 - sum * 2.0 / std::f64::consts::PI.sqrt()
    } else {
        // Continued fraction (Lentz) for erfc at larger z.
        let tiny = 1e-300;
        let mut f = z;
        let mut c = z;
        let mut d = 0.0;
        for k in 1..300 {
            let a = f64::from(k) / 2.0;
            d = z + a * d;
            d = if d.abs() < tiny { tiny } else { d };
            c = z + a / c;
            c = if c.abs() < tiny { tiny } else { c };
            d = 1.0 / d;
            let delta = c * d;
            f *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        (-z * z).exp() / (f * std::f64::consts::PI.sqrt())
    };
    if x < 0.0 { 2.0 - r } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_quantiles() {
        // R: qnorm(0.999), qnorm(0.975), qnorm(0.5), qnorm(1e-6)
        let cases = [
            (0.999, 3.090_232_306_167_813),
            (0.975, 1.959_963_984_540_054),
            (0.5, 0.0),
            (1e-6, -4.753_424_308_822_899),
        ];
        for (p, z) in cases {
            let got = normal_quantile(p).unwrap_or(f64::NAN);
            assert!((got - z).abs() < 1e-9, "qnorm({p}) = {got}, want {z}");
        }
        assert_eq!(normal_quantile(0.0), None);
        assert_eq!(normal_quantile(1.0), None);
    }
}
