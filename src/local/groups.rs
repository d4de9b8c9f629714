//! The process groups of running execution environments. Each bootstrap
//! leads a group of its own, so a timeout or a stop ends what it started
//! too (a shell wrapper's handler, say); and when the endpoint or the
//! console ends, a crash included, every group still running is ended.

use std::collections::BTreeSet;
use std::sync::Mutex;

use super::lock;

static RUNNING: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());

/// Records the group a bootstrap with process id `pid` leads.
pub fn started(pid: u32) -> i32 {
    let group = pid as i32;
    lock(&RUNNING).insert(group);
    group
}

/// Kills every process of `group`.
pub fn end(group: i32) {
    if group > 1 {
        // SAFETY: kill(2) with a negative pid signals that process group only.
        unsafe { libc::kill(-group, libc::SIGKILL) };
    }
    lock(&RUNNING).remove(&group);
}

/// Ends every environment still running: the endpoint or the console is going.
pub fn end_all() {
    let groups: Vec<i32> = lock(&RUNNING).iter().copied().collect();
    for group in groups {
        end(group);
    }
}
