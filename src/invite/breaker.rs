//! The circuit breaker of a run: an endpoint that never answers, always
//! throttles or always fails would otherwise keep a run of 10,000 rows going
//! for a day, each row spending its retries. The run ends instead after
//! [`RetryPolicy::breaker_failures`](super::engine::RetryPolicy) rows in a row
//! failed for a transient reason, or when no row has been done for
//! [`RetryPolicy::stall`](super::engine::RetryPolicy).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

pub struct Breaker {
    limit: u32,
    stall: Duration,
    consecutive: AtomicU32,
    last_progress: Mutex<Instant>,
}

impl Breaker {
    pub fn new(limit: u32, stall: Duration) -> Self {
        Self {
            limit: limit.max(1),
            stall,
            consecutive: AtomicU32::new(0),
            last_progress: Mutex::new(Instant::now()),
        }
    }

    /// A row got an answer that is its own (created, exists, refused for its
    /// data): the endpoint works.
    pub fn progress(&self) {
        self.consecutive.store(0, Ordering::SeqCst);
        *self.last_progress.lock().expect("never poisoned") = Instant::now();
    }

    /// A row failed for a transient reason after its retries. Returns how
    /// many in a row have, once that reaches the limit (the breaker trips).
    pub fn failure(&self) -> Option<u32> {
        let n = self.consecutive.fetch_add(1, Ordering::SeqCst) + 1;
        (n >= self.limit).then_some(n)
    }

    /// Whether no row has been done for the stall time. Asked where a row
    /// decides to try again, rather than by a timer of its own: every call
    /// is bounded by its timeout, so the question comes up in bounded time,
    /// and an idle timer would fire early on tokio's paused test clock.
    pub fn stalled(&self) -> Option<Duration> {
        let last = *self.last_progress.lock().expect("never poisoned");
        (last.elapsed() >= self.stall).then_some(self.stall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trips_after_the_limit_in_a_row_and_progress_resets_it() {
        let breaker = Breaker::new(3, Duration::from_secs(60));
        assert_eq!(breaker.failure(), None);
        assert_eq!(breaker.failure(), None);
        breaker.progress();
        assert_eq!(breaker.failure(), None);
        assert_eq!(breaker.failure(), None);
        assert_eq!(breaker.failure(), Some(3));
    }

    #[tokio::test(start_paused = true)]
    async fn stalls_only_after_a_quiet_stall_time() {
        let breaker = Breaker::new(3, Duration::from_secs(60));
        tokio::time::sleep(Duration::from_secs(50)).await;
        breaker.progress();
        tokio::time::sleep(Duration::from_secs(59)).await;
        assert_eq!(breaker.stalled(), None);
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(breaker.stalled(), Some(Duration::from_secs(60)));
    }
}
