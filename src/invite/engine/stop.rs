//! Stopping a run from outside (Ctrl+C, the wizard's Esc) or from inside
//! (the circuit breaker).

use std::sync::{Arc, Mutex};

use tokio::sync::watch;

/// Stops a run early: no new row is started, rows in flight finish, the
/// journal and report are written. Cheap to clone; any clone stops the run.
#[derive(Debug, Clone)]
pub struct StopHandle {
    inner: Arc<StopInner>,
}

#[derive(Debug)]
struct StopInner {
    flag: watch::Sender<bool>,
    reason: Mutex<Option<String>>,
}

impl Default for StopHandle {
    fn default() -> Self {
        Self::new()
    }
}

impl StopHandle {
    pub fn new() -> Self {
        Self {
            inner: Arc::new(StopInner {
                flag: watch::Sender::new(false),
                reason: Mutex::new(None),
            }),
        }
    }

    /// Asks the run to stop; the first reason given is kept. True when this
    /// call was the one that stopped it.
    pub fn stop(&self, reason: impl Into<String>) -> bool {
        let mut kept = self.inner.reason.lock().unwrap_or_else(|e| e.into_inner());
        if kept.is_some() {
            return false;
        }
        *kept = Some(reason.into());
        self.inner.flag.send_replace(true);
        true
    }

    pub fn is_stopped(&self) -> bool {
        *self.inner.flag.borrow()
    }

    pub fn reason(&self) -> Option<String> {
        self.inner
            .reason
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Resolves once the run is asked to stop.
    pub async fn stopped(&self) {
        let mut rx = self.inner.flag.subscribe();
        // The sender lives as long as `self`, so this only ends on a stop.
        let _ = rx.wait_for(|stopped| *stopped).await;
    }
}
