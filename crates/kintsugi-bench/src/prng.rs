//! The seeded random numbers behind the generator: SplitMix64, written out
//! so the same seed gives the same stories on every machine and Rust
//! version (no dependency whose algorithm could change under us).

/// SplitMix64 (Steele, Lea, Flood 2014): 64-bit state, passes BigCrush, and
/// any seed, zero included, is a good one.
#[derive(Debug, Clone)]
pub struct Prng {
    state: u64,
}

impl Prng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Prng {
        Prng { state: seed }
    }

    /// An independent stream for item `index` of a run seeded with `seed`,
    /// so story `i` is the same whatever N is (1k stories are a prefix of 10k).
    pub fn for_item(seed: u64, index: u64) -> Prng {
        let mut mix = Prng::new(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Prng::new(mix.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`); Lemire's multiply-shift, bias below 2^-32
    /// for the small `n` used here.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Zipf-like sampling over ranks `0..n`: rank `k` has weight `1 / (k+1)^s`,
/// so the first few tags or companies carry most stories and a long tail is rare.
#[derive(Debug, Clone)]
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    /// Weights for `n` ranks with exponent `s`.
    pub fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|k| {
                total += 1.0 / ((k + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    /// A rank drawn with the Zipf weights.
    pub fn sample(&self, rng: &mut Prng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.unit() * total;
        self.cumulative
            .partition_point(|c| *c <= x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_items_are_independent_of_run_size() {
        let a: Vec<u64> = (0..5).map(|_| Prng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut x = Prng::for_item(42, 3);
        let mut y = Prng::for_item(42, 3);
        let mut z = Prng::for_item(42, 4);
        let (x1, y1, z1) = (x.next_u64(), y.next_u64(), z.next_u64());
        assert_eq!(x1, y1);
        assert_ne!(x1, z1);
    }

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // First outputs of the reference splitmix64.c seeded with 0.
        let mut rng = Prng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn zipf_favours_low_ranks_but_reaches_the_tail() {
        let zipf = Zipf::new(50, 1.0);
        let mut rng = Prng::new(1);
        let mut counts = [0usize; 50];
        for _ in 0..20_000 {
            counts[zipf.sample(&mut rng)] += 1;
        }
        assert!(counts[0] > counts[4] * 3, "{counts:?}");
        assert!(counts[49] > 0, "{counts:?}");
        assert!(counts.iter().sum::<usize>() == 20_000);
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = Prng::new(9);
        for n in 1..50 {
            for _ in 0..100 {
                assert!(rng.below(n) < n);
            }
        }
    }
}
