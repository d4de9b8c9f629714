//! A burst: the same invoke `count` times, `concurrency` at a time, each
//! call through the one invoke path (no SDK retry; throttles retried by
//! hand), each answer sent as it comes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use aws_sdk_lambda::Client as LambdaClient;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;

use crate::message::{BackendEvent, Event};
use crate::model::InvokeRequest;

/// Bounds the form also keeps to.
pub const MAX_BURST_CALLS: u32 = 10_000;
pub const MAX_BURST_CONCURRENCY: u32 = 100;

pub(super) async fn run_burst(
    client: LambdaClient,
    request: InvokeRequest,
    (id, count, concurrency): (u64, u32, u32),
    stop: Arc<AtomicBool>,
    events: UnboundedSender<Event>,
) {
    let request = Arc::new(request);
    let places = Arc::new(Semaphore::new(concurrency.clamp(1, MAX_BURST_CONCURRENCY) as usize));
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..count.min(MAX_BURST_CALLS) {
        let Ok(place) = places.clone().acquire_owned().await else {
            break;
        };
        // Checked once a place is free: a stop sends nothing more.
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let (client, request, events) = (client.clone(), request.clone(), events.clone());
        calls.spawn(async move {
            let started = Instant::now();
            let result = super::invoke(&client, &request).await.map(Box::new);
            drop(place);
            let elapsed = started.elapsed();
            let _ = events.send(Event::Backend(BackendEvent::BurstCall { id, elapsed, result }));
        });
        // Answers are read as they come, so the set holds only what runs.
        while calls.try_join_next().is_some() {}
    }
    while calls.join_next().await.is_some() {}
    let _ = events.send(Event::Backend(BackendEvent::BurstEnded { id }));
}
