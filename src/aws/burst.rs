//! A burst: an invoke `count` times (the payload, or each of several in
//! turn), `concurrency` at a time, each
//! call through the one invoke path (no SDK retry; throttles retried by
//! hand), each answer sent as it comes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use aws_sdk_lambda::Client as LambdaClient;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;

use crate::message::{BackendEvent, Event};
use crate::model::{BurstPlan, InvokeRequest};

/// Bounds the form also keeps to.
pub const MAX_BURST_CALLS: u32 = 10_000;
pub const MAX_BURST_CONCURRENCY: u32 = 100;

pub(super) async fn run_burst(
    client: LambdaClient,
    id: u64,
    plan: BurstPlan,
    stop: Arc<AtomicBool>,
    events: UnboundedSender<Event>,
) {
    // One request a payload, built once: each call only clones an Arc. Its
    // type says it is a burst's: sent as sync, its answer summed up only.
    let request = InvokeRequest {
        invoke_type: crate::model::InvokeType::Burst,
        ..plan.request
    };
    let requests: Vec<Arc<InvokeRequest>> = if plan.payloads.is_empty() {
        vec![Arc::new(request)]
    } else {
        plan.payloads
            .into_iter()
            .map(|payload| {
                Arc::new(InvokeRequest {
                    payload,
                    ..request.clone()
                })
            })
            .collect()
    };
    let places = Arc::new(Semaphore::new(plan.concurrency.clamp(1, MAX_BURST_CONCURRENCY) as usize));
    let mut calls = tokio::task::JoinSet::new();
    for n in 0..plan.count.min(MAX_BURST_CALLS) as usize {
        let Ok(place) = places.clone().acquire_owned().await else {
            break;
        };
        // Checked once a place is free: a stop sends nothing more.
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let payload = n % requests.len();
        let (client, request, events) = (client.clone(), requests[payload].clone(), events.clone());
        calls.spawn(async move {
            let started = Instant::now();
            let result = super::invoke(&client, &request).await.map(Box::new);
            drop(place);
            let elapsed = started.elapsed();
            let _ = events.send(Event::Backend(BackendEvent::BurstCall {
                id,
                n,
                payload,
                elapsed,
                result,
            }));
        });
        // Answers are read as they come, so the set holds only what runs.
        while calls.try_join_next().is_some() {}
    }
    while calls.join_next().await.is_some() {}
    let _ = events.send(Event::Backend(BackendEvent::BurstEnded { id }));
}
