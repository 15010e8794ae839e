//! The Logstash hosts of `LOGSTASH_ADDR` (`host1:5044,host2:5044`) and which one the next
//! connection goes to: round-robin over the hosts that are up; a host that refused, failed a
//! connect or a window is skipped for a back-off period (1 s, doubling to 30 s) while the
//! others carry the load. When every host is backing off they are all tried anyway — the run
//! fails only when none of them answers.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::report::PeerCounts;

const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
struct Health {
    down_until: Option<Instant>,
    failures: u32,
    last_error: Option<String>,
}

#[derive(Debug)]
pub struct Host {
    pub addr: String,
    health: Mutex<Health>,
    pub created: AtomicU64,
    pub failed: AtomicU64,
}

#[derive(Debug)]
pub struct Hosts {
    hosts: Vec<Host>,
    next: AtomicUsize,
}

impl Hosts {
    pub fn new(addrs: &[String]) -> Hosts {
        Hosts {
            hosts: addrs
                .iter()
                .map(|addr| Host {
                    addr: addr.clone(),
                    health: Mutex::new(Health::default()),
                    created: AtomicU64::new(0),
                    failed: AtomicU64::new(0),
                })
                .collect(),
            next: AtomicUsize::new(0),
        }
    }

    pub fn len(&self) -> usize {
        self.hosts.len()
    }

    pub fn get(&self, i: usize) -> &Host {
        &self.hosts[i]
    }

    /// The hosts to try for one new connection, in order: those up, starting after the one
    /// the previous connection went to; then those backing off, soonest back first.
    pub fn order(&self, now: Instant) -> Vec<usize> {
        let n = self.hosts.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % n.max(1);
        let mut up = Vec::with_capacity(n);
        let mut down = Vec::new();
        for k in 0..n {
            let i = (start + k) % n;
            match self.health(i).down_until {
                Some(until) if until > now => down.push((until, i)),
                _ => up.push(i),
            }
        }
        down.sort();
        up.extend(down.into_iter().map(|(_, i)| i));
        up
    }

    fn health(&self, i: usize) -> std::sync::MutexGuard<'_, Health> {
        self.hosts[i]
            .health
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// A connect or a window failed on host `i`: skip it for a while, longer each time.
    pub fn failed(&self, i: usize, why: &str, now: Instant) {
        let mut h = self.health(i);
        let backoff = FIRST_BACKOFF
            .saturating_mul(1 << h.failures.min(5))
            .min(MAX_BACKOFF);
        h.failures = h.failures.saturating_add(1);
        h.down_until = Some(now + backoff);
        h.last_error = Some(why.to_string());
    }

    pub fn succeeded(&self, i: usize) {
        let mut h = self.health(i);
        h.failures = 0;
        h.down_until = None;
    }

    pub fn index_of(&self, addr: &str) -> Option<usize> {
        self.hosts.iter().position(|h| h.addr == addr)
    }

    /// Whether a host other than `addr` is up: a window that stalled on `addr` can go there.
    pub fn another_is_up(&self, addr: &str, now: Instant) -> bool {
        (0..self.hosts.len()).any(|i| {
            self.hosts[i].addr != addr && self.health(i).down_until.is_none_or(|t| t <= now)
        })
    }

    /// Every host with its last error: what the run reports when none answered.
    pub fn every_error(&self) -> String {
        (0..self.hosts.len())
            .map(|i| {
                let why = self.health(i).last_error.clone();
                format!(
                    "{}: {}",
                    self.hosts[i].addr,
                    why.as_deref().unwrap_or("no error recorded")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Connections made and failed per host since the pool was built.
    pub fn counts(&self) -> Vec<(String, PeerCounts)> {
        self.hosts
            .iter()
            .map(|h| {
                (
                    h.addr.clone(),
                    PeerCounts {
                        created: h.created.load(Ordering::Relaxed),
                        failed: h.failed.load(Ordering::Relaxed),
                    },
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Hosts {
        Hosts::new(&["a:1".into(), "b:1".into(), "c:1".into()])
    }

    #[test]
    fn connections_go_round_robin_over_the_hosts_that_are_up() {
        let h = hosts();
        let now = Instant::now();
        let firsts: Vec<usize> = (0..6).map(|_| h.order(now)[0]).collect();
        assert_eq!(firsts, vec![0, 1, 2, 0, 1, 2]);
    }

    #[test]
    fn a_failed_host_is_skipped_for_its_backoff_then_tried_again() {
        let h = hosts();
        let now = Instant::now();
        h.failed(1, "connect: refused", now);
        for _ in 0..6 {
            let order = h.order(now);
            assert_eq!(order.len(), 3);
            assert_eq!(
                *order.last().unwrap(),
                1,
                "the down host comes last: {order:?}"
            );
        }
        assert!(h.another_is_up("b:1", now));
        let later = now + FIRST_BACKOFF + Duration::from_millis(1);
        assert!((0..3).any(|_| h.order(later)[0] == 1));
        // backing off longer each time, up to the cap
        h.failed(1, "connect: refused", now);
        let twice = h.health(1).down_until.unwrap() - now;
        assert_eq!(twice, FIRST_BACKOFF * 2);
        for _ in 0..10 {
            h.failed(1, "x", now);
        }
        assert_eq!(h.health(1).down_until.unwrap() - now, MAX_BACKOFF);
        h.succeeded(1);
        assert!(h.health(1).down_until.is_none());
    }

    #[test]
    fn when_every_host_is_down_all_are_still_tried_and_all_named() {
        let h = hosts();
        let now = Instant::now();
        for (i, why) in ["refused", "timed out", "reset"].iter().enumerate() {
            h.failed(i, why, now + Duration::from_millis(i as u64));
        }
        assert_eq!(h.order(now), vec![0, 1, 2], "soonest back first");
        assert!(!h.another_is_up("a:1", now));
        assert_eq!(h.every_error(), "a:1: refused; b:1: timed out; c:1: reset");
    }
}
