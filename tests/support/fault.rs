//! A fault-injecting fake of Cognito's AdminCreateUser, for the capture server.
//!
//! It keeps a user table, so it is idempotent the way the real service is: a
//! second create of a username answers `UsernameExistsException`. On top of
//! that it misbehaves as a [`FaultPlan`] says — throttling every Nth call,
//! 500s and bare 502s at a seeded rate, connections dropped before the user is
//! created or (worse) after, and a delay on every answer — and counts what it
//! did, so a test can check that every fault was absorbed and no user was
//! created twice.
//!
//! Which call gets which fault depends only on the seed and the call's
//! position (the n-th AdminCreateUser received), never on the clock.
//!
//! ```ignore
//! let table = UserTable::new(FaultPlan { throttle_every: Some(7), ..FaultPlan::default() });
//! let server = CaptureServer::with_behaviours(table.behaviours(describe_json));
//! ```

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{Behaviour, Recorded};

/// What goes wrong, and how often.
#[derive(Debug, Clone, Default)]
pub struct FaultPlan {
    /// Every Nth call answers 400 `TooManyRequestsException`.
    pub throttle_every: Option<u64>,
    /// Share of calls answered 500 `InternalErrorException`.
    pub internal_error_rate: f64,
    /// Share answered 502 with an HTML page (no error code at all).
    pub bad_gateway_rate: f64,
    /// Share whose connection is dropped before the user is created.
    pub drop_before_rate: f64,
    /// Share where the user is created, then the connection is dropped: the
    /// caller never learns that it worked.
    pub drop_after_rate: f64,
    /// Every answer waits this long.
    pub delay: Option<Duration>,
    /// Usernames always refused with this error code (400).
    pub reject: HashMap<String, String>,
    /// The account's quota as the real service keeps it: a token bucket of
    /// this many calls a second, holding a second's worth; a call that finds
    /// it empty answers `TooManyRequestsException`.
    pub quota: Option<f64>,
    pub seed: u64,
}

/// What the fake did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounts {
    pub calls: u64,
    pub created: u64,
    pub exists: u64,
    pub throttled: u64,
    pub internal_errors: u64,
    pub bad_gateways: u64,
    pub dropped_before: u64,
    pub dropped_after_create: u64,
    pub rejected: u64,
    /// Invitations sent again (MessageAction RESEND) to existing users.
    pub resent: u64,
}

/// The fake service's state.
pub struct UserTable {
    plan: FaultPlan,
    calls: AtomicU64,
    /// Username → how many times it was created (must never exceed 1).
    users: Mutex<HashMap<String, u32>>,
    /// Username → invitations resent (must never exceed 1 per RESEND run).
    resends: Mutex<HashMap<String, u32>>,
    counts: Mutex<FaultCounts>,
    bucket: Option<Mutex<TokenBucket>>,
}

/// A token bucket: `rate` tokens a second, at most `rate` (one second's) held.
#[derive(Debug)]
pub struct TokenBucket {
    rate: f64,
    tokens: f64,
    last: std::time::Instant,
}

impl TokenBucket {
    /// Full, as an account that has been quiet.
    pub fn new(rate: f64) -> Self {
        Self {
            rate,
            tokens: rate,
            last: std::time::Instant::now(),
        }
    }

    /// Takes a token if there is one.
    pub fn take(&mut self) -> bool {
        let now = std::time::Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(self.rate);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

impl UserTable {
    pub fn new(plan: FaultPlan) -> Arc<Self> {
        Arc::new(Self {
            calls: AtomicU64::new(0),
            users: Mutex::new(HashMap::new()),
            resends: Mutex::new(HashMap::new()),
            counts: Mutex::new(FaultCounts::default()),
            bucket: plan.quota.map(|rate| Mutex::new(TokenBucket::new(rate))),
            plan,
        })
    }

    /// Behaviours for a capture server: DescribeUserPool answers
    /// `{"UserPool": <pool>}`, AdminCreateUser and AdminGetUser go through
    /// this table (AdminGetUser without faults: its `UserLastModifiedDate`
    /// moves on with each resend, as the service's does).
    pub fn behaviours(self: &Arc<Self>, pool: serde_json::Value) -> HashMap<String, Behaviour> {
        let (table, reader) = (self.clone(), self.clone());
        HashMap::from([
            (
                "AdminGetUser".to_owned(),
                Behaviour::computed(move |request| reader.get_user(request)),
            ),
            (
                "DescribeUserPool".to_owned(),
                Behaviour::ok(serde_json::json!({ "UserPool": pool }).to_string()),
            ),
            (
                "AdminCreateUser".to_owned(),
                Behaviour::computed(move |request| table.answer(request)),
            ),
        ])
    }

    pub fn counts(&self) -> FaultCounts {
        *self.counts.lock().unwrap()
    }

    /// Every username resent to, with how many times.
    pub fn resends(&self) -> HashMap<String, u32> {
        self.resends.lock().unwrap().clone()
    }

    fn get_user(&self, request: &Recorded) -> Behaviour {
        let body: serde_json::Value =
            serde_json::from_slice(&request.body).unwrap_or(serde_json::Value::Null);
        let username = body["Username"].as_str().unwrap_or_default();
        if !self.users.lock().unwrap().contains_key(username) {
            return Behaviour::error(400, "UserNotFoundException", "User does not exist.");
        }
        let changes = self.resends.lock().unwrap().get(username).copied();
        let answer = serde_json::json!({
            "Username": username,
            "UserStatus": "FORCE_CHANGE_PASSWORD",
            "Enabled": true,
            "UserCreateDate": 1_700_000_000.0,
            "UserLastModifiedDate": 1_700_000_000.0 + f64::from(changes.unwrap_or(0)) * 0.001,
        });
        match self.plan.delay {
            Some(delay) => Behaviour::Delayed(delay, Box::new(Behaviour::ok(answer.to_string()))),
            None => Behaviour::ok(answer.to_string()),
        }
    }

    /// Every username created, with how many times.
    pub fn creations(&self) -> HashMap<String, u32> {
        self.users.lock().unwrap().clone()
    }

    fn answer(&self, request: &Recorded) -> Behaviour {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let behaviour = self.decide(n, request);
        match self.plan.delay {
            Some(delay) => Behaviour::Delayed(delay, Box::new(behaviour)),
            None => behaviour,
        }
    }

    fn decide(&self, n: u64, request: &Recorded) -> Behaviour {
        let mut counts = self.counts.lock().unwrap();
        counts.calls += 1;
        let body: serde_json::Value =
            serde_json::from_slice(&request.body).unwrap_or(serde_json::Value::Null);
        let username = body["Username"].as_str().unwrap_or_default().to_owned();
        let plan = &self.plan;
        let over_quota = self
            .bucket
            .as_ref()
            .is_some_and(|b| !b.lock().unwrap().take());
        if over_quota || plan.throttle_every.is_some_and(|k| n.is_multiple_of(k)) {
            counts.throttled += 1;
            return Behaviour::error(400, "TooManyRequestsException", "Too many requests");
        }
        if let Some(code) = plan.reject.get(&username) {
            counts.rejected += 1;
            return Behaviour::error(400, code, &format!("{username} is refused by the test"));
        }
        let mut roll = unit(plan.seed, n);
        let mut chance = |rate: f64| {
            let hit = roll < rate;
            roll -= rate;
            hit
        };
        if chance(plan.internal_error_rate) {
            counts.internal_errors += 1;
            return Behaviour::error(500, "InternalErrorException", "injected internal error");
        }
        if chance(plan.bad_gateway_rate) {
            counts.bad_gateways += 1;
            return Behaviour::html(502, "<html><body>502 Bad Gateway</body></html>");
        }
        if chance(plan.drop_before_rate) {
            counts.dropped_before += 1;
            return Behaviour::DropConnection;
        }
        let mut users = self.users.lock().unwrap();
        if body["MessageAction"] == "RESEND" {
            // Sends the invitation again to an existing user; creates nobody.
            if !users.contains_key(&username) {
                return Behaviour::error(400, "UserNotFoundException", "User does not exist.");
            }
            counts.resent += 1;
            *self
                .resends
                .lock()
                .unwrap()
                .entry(username.clone())
                .or_default() += 1;
            if chance(plan.drop_after_rate) {
                // Sent, and the answer lost.
                counts.dropped_after_create += 1;
                return Behaviour::DropConnection;
            }
            return ok_user(&username, &body);
        }
        if users.contains_key(&username) {
            counts.exists += 1;
            return Behaviour::error(
                400,
                "UsernameExistsException",
                "User account already exists",
            );
        }
        users.insert(username.clone(), 1);
        counts.created += 1;
        if chance(plan.drop_after_rate) {
            counts.dropped_after_create += 1;
            return Behaviour::DropConnection;
        }
        ok_user(&username, &body)
    }
}

/// AdminCreateUser's answer for a user in its first state.
fn ok_user(username: &str, request: &serde_json::Value) -> Behaviour {
    Behaviour::ok(
        serde_json::json!({
            "User": {
                "Username": username,
                "UserStatus": "FORCE_CHANGE_PASSWORD",
                "Enabled": true,
                "Attributes": request["UserAttributes"],
            }
        })
        .to_string(),
    )
}

/// A number in [0, 1) from the seed and the call number (SplitMix64).
fn unit(seed: u64, n: u64) -> f64 {
    let mut z = seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}
