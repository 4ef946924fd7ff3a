use std::sync::{Arc, Mutex};

use super::*;

fn limiter(rate: f64) -> AdaptiveLimiter {
    AdaptiveLimiter::new(LimiterConfig::new(rate))
}

#[tokio::test(start_paused = true)]
async fn slots_are_evenly_spaced_at_the_rate() {
    let l = limiter(10.0);
    let start = Instant::now();
    for _ in 0..21 {
        l.acquire().await;
    }
    // The first slot is immediate, the 20 after it 100 ms apart.
    assert_eq!(start.elapsed(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_share_the_rate() {
    let l = Arc::new(limiter(45.0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let l = l.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for _ in 0..9 {
                l.acquire().await;
                times.push(Instant::now());
            }
            times
        }));
    }
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await.unwrap());
    }
    times.sort();
    assert_eq!(times.len(), 90);
    // 90 slots at 45/s: the last at 89/45 s, and no second holds more than 45.
    let last = times.last().unwrap().duration_since(start).as_secs_f64();
    assert!((last - 89.0 / 45.0).abs() < 0.001, "{last}");
    for (i, t) in times.iter().enumerate() {
        let window_end = *t + Duration::from_secs(1);
        let in_window = times[i..].iter().take_while(|x| **x < window_end).count();
        assert!(in_window <= 45, "{in_window} slots within a second");
    }
}

#[tokio::test(start_paused = true)]
async fn idle_time_does_not_build_up_a_burst() {
    let l = limiter(10.0);
    l.acquire().await;
    tokio::time::sleep(Duration::from_secs(60)).await;
    let start = Instant::now();
    l.acquire().await;
    l.acquire().await;
    l.acquire().await;
    assert_eq!(start.elapsed(), Duration::from_millis(200));
}

/// `calls` slots, each let through.
async fn admitted(l: &AdaptiveLimiter, calls: usize) -> Instant {
    let mut last = Instant::now();
    for _ in 0..calls {
        last = l.acquire().await;
        l.on_admitted();
    }
    last
}

#[tokio::test(start_paused = true)]
async fn the_first_throttle_measures_the_quota_counting_the_full_bucket() {
    // 20 calls let through in the first second, then throttled at 1 s: the
    // service refilled 1 s and held 1 s at the start, so its rate is about 10.
    let l = limiter(20.0);
    admitted(&l, 20).await;
    tokio::time::advance(Duration::from_millis(50)).await;
    let sent = l.acquire().await;
    assert_eq!(l.on_throttle(sent), Some(0.95 * 20.5 / 2.0));
    assert_eq!(l.ceiling(), Some(20.5 / 2.0));
}

#[tokio::test(start_paused = true)]
async fn a_later_throttle_measures_from_the_empty_bucket() {
    let l = limiter(40.0);
    admitted(&l, 10).await;
    let sent = l.acquire().await;
    l.on_throttle(sent);
    let first = l.ceiling().unwrap();
    // 20 let through in the 5 s since: the service refills about 4 a second.
    let start = Instant::now();
    admitted(&l, 20).await;
    tokio::time::advance(Duration::from_secs(5) - start.elapsed()).await;
    let sent = l.acquire().await;
    l.on_throttle(sent);
    let ceiling = l.ceiling().unwrap();
    assert!(ceiling < first, "{ceiling} < {first}");
    assert!((ceiling - 20.5 / 5.0).abs() < 0.01, "{ceiling}");
    assert!((l.rate() - 0.95 * ceiling).abs() < 0.01);
}

#[tokio::test(start_paused = true)]
async fn answers_to_calls_sent_before_a_decrease_do_not_decrease_again() {
    let l = limiter(20.0);
    let early = l.acquire().await;
    admitted(&l, 19).await;
    let sent = l.acquire().await;
    let rate = l.on_throttle(sent).expect("backed off");
    assert_eq!(l.on_throttle(early), None, "sent before the decrease");
    assert_eq!(l.rate(), rate);
    // One sent after it does.
    tokio::time::advance(Duration::from_millis(500)).await;
    let late = l.acquire().await;
    assert!(l.on_throttle(late).is_some_and(|r| r < rate));
}

#[tokio::test(start_paused = true)]
async fn the_climb_back_flattens_at_the_ceiling_then_probes_beyond_it() {
    let l = limiter(100.0);
    admitted(&l, 20).await;
    let sent = l.acquire().await;
    l.on_throttle(sent);
    let ceiling = l.ceiling().unwrap();
    // 150 calls at the ceiling's rate (about 10 a second): 15 s to climb back.
    let span = Duration::from_secs_f64(150.0 / ceiling);
    let mut rates = vec![(Duration::ZERO, l.rate())];
    for _ in 0..60 {
        tokio::time::advance(span / 10).await;
        rates.push((rates.last().unwrap().0 + span / 10, l.rate()));
    }
    assert!(rates.windows(2).all(|w| w[1].1 >= w[0].1), "{rates:?}");
    assert!((rates[0].1 - 0.95 * ceiling).abs() < 1e-9);
    assert!(
        (rates[10].1 - ceiling).abs() < 1e-6,
        "back at the ceiling after a span"
    );
    assert!(rates[20].1 > ceiling * 1.04, "beyond it after two");
    // Within 1% of the ceiling for at least 60% of a span around it.
    let flat: Vec<_> = rates
        .iter()
        .filter(|(_, r)| (r / ceiling - 1.0).abs() <= 0.01)
        .collect();
    assert!(flat.len() >= 7, "{flat:?}");
    assert_eq!(rates.last().unwrap().1, 100.0, "capped at the maximum");
}

#[tokio::test(start_paused = true)]
async fn throttling_never_backs_off_below_the_floor() {
    let l = limiter(40.0);
    for _ in 0..50 {
        let sent = l.acquire().await;
        l.on_throttle(sent);
    }
    assert_eq!(l.rate(), 0.8, "the floor is a fiftieth of the maximum");
}

#[test]
fn nonsense_rates_fall_back_to_the_default() {
    assert_eq!(LimiterConfig::new(0.0).max_rate, DEFAULT_RATE);
    assert_eq!(LimiterConfig::new(f64::NAN).max_rate, DEFAULT_RATE);
    assert_eq!(LimiterConfig::new(f64::INFINITY).max_rate, DEFAULT_RATE);
    const { assert!(DEFAULT_RATE < USER_CREATION_QUOTA) };
}

/// The service's quota on the paused clock: `rate` tokens a second, a
/// second's worth held, full at the start (as `tests/support/fault.rs`).
struct Quota {
    rate: f64,
    tokens: f64,
    last: Instant,
}

impl Quota {
    fn take(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(self.rate);
        self.last = now;
        let ok = self.tokens >= 1.0;
        if ok {
            self.tokens -= 1.0;
        }
        ok
    }
}

/// Sends for `seconds` through a limiter of `max_rate` against a quota, with
/// `workers` calls in flight each taking `latency`; the share of the quota
/// held (the first second's full bucket not counted) and of calls throttled.
async fn against_quota(quota: f64, max_rate: f64, seconds: u64, latency: Duration) -> (f64, f64) {
    let limiter = Arc::new(limiter(max_rate));
    let service = Arc::new(Mutex::new(Quota {
        rate: quota,
        tokens: quota,
        last: Instant::now(),
    }));
    let counts = Arc::new(Mutex::new((0u64, 0u64)));
    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let mut workers = Vec::new();
    for _ in 0..10 {
        let (limiter, service, counts) = (limiter.clone(), service.clone(), counts.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let sent = limiter.acquire().await;
                if sent >= end {
                    break;
                }
                tokio::time::sleep(latency / 2).await;
                let ok = service.lock().unwrap().take();
                tokio::time::sleep(latency / 2).await;
                let mut counts = counts.lock().unwrap();
                if ok {
                    counts.0 += 1;
                    limiter.on_admitted();
                } else {
                    counts.1 += 1;
                    limiter.on_throttle(sent);
                }
            }
        }));
    }
    for w in workers {
        w.await.unwrap();
    }
    let (admitted, throttled) = *counts.lock().unwrap();
    let elapsed = seconds as f64;
    let from_bucket = (admitted as f64 - quota * elapsed).clamp(0.0, quota);
    let held = (admitted as f64 - from_bucket) / elapsed / quota;
    (held, throttled as f64 / (admitted + throttled) as f64)
}

#[tokio::test(start_paused = true)]
async fn against_a_token_bucket_quota_it_holds_95_percent_with_1_percent_throttled() {
    for quota in [10.0, 20.0, 50.0, 100.0] {
        for latency in [Duration::from_millis(2), Duration::from_millis(80)] {
            // A --rate of twice the quota: the limiter finds the quota itself.
            let (held, throttled) = against_quota(quota, 2.0 * quota, 60, latency).await;
            assert!(
                held >= 0.95 && throttled <= 0.01,
                "quota {quota}, latency {latency:?}: held {held:.3}, throttled {throttled:.4}"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn against_a_quota_above_it_the_rate_is_the_bound() {
    let (held, throttled) = against_quota(100.0, 45.0, 20, Duration::from_millis(2)).await;
    assert!((held - 0.45).abs() < 0.01, "{held}");
    assert_eq!(throttled, 0.0);
}
