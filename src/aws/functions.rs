//! Listing functions (every page, sent as it arrives) and loading one
//! function's versions and aliases.

use aws_sdk_lambda::Client as LambdaClient;
use aws_sdk_lambda::types::{FunctionConfiguration, PackageType};
use tokio::sync::mpsc::UnboundedSender;

use super::describe_sdk_error;
use crate::message::{BackendEvent, Event};
use crate::model::{AliasInfo, Details, FunctionInfo, Grant, MappingInfo, VersionInfo, cut_text};

const PAGE_SIZE: i32 = 50;

pub(super) async fn load_functions(client: LambdaClient, id: u64, events: UnboundedSender<Event>) {
    let mut pages = client.list_functions().max_items(PAGE_SIZE).into_paginator().send();
    let mut first = true;
    loop {
        let event = match pages.next().await {
            None => BackendEvent::FunctionsPage {
                id,
                functions: Vec::new(),
                first,
                last: true,
            },
            Some(Ok(page)) => {
                let functions = page.functions().iter().map(function_info).collect();
                let event = BackendEvent::FunctionsPage {
                    id,
                    functions,
                    first,
                    last: false,
                };
                first = false;
                let _ = events.send(Event::Backend(event));
                continue;
            }
            Some(Err(err)) => BackendEvent::FunctionsFailed {
                id,
                error: describe_sdk_error(&err),
            },
        };
        let _ = events.send(Event::Backend(event));
        return;
    }
}

pub fn function_info(f: &FunctionConfiguration) -> FunctionInfo {
    let name = f.function_name().unwrap_or_default().to_string();
    let runtime = match (f.runtime(), f.package_type()) {
        (Some(runtime), _) => runtime.as_str().to_string(),
        (None, Some(PackageType::Image)) => "image".to_string(),
        _ => String::new(),
    };
    FunctionInfo {
        arn: f.function_arn().unwrap_or_default().to_string(),
        runtime,
        memory_mb: f.memory_size(),
        timeout_s: f.timeout(),
        last_modified: f.last_modified().unwrap_or_default().to_string(),
        description: f.description().unwrap_or_default().to_string(),
        handler: f.handler().unwrap_or_default().to_string(),
        architectures: f.architectures().iter().map(|a| a.as_str().to_string()).collect(),
        role: f.role().unwrap_or_default().to_string(),
        log_group: f
            .logging_config()
            .and_then(|l| l.log_group())
            .map(str::to_string)
            .unwrap_or_else(|| FunctionInfo::default_log_group(&name)),
        state: f.state().map(|s| s.as_str().to_string()).unwrap_or_default(),
        state_reason: f.state_reason().unwrap_or_default().to_string(),
        last_update_status: f
            .last_update_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        code_size: f.code_size(),
        code_sha256: f.code_sha256().unwrap_or_default().to_string(),
        ephemeral_storage_mb: f.ephemeral_storage().map(|e| e.size()),
        environment: crate::model::EnvVars(
            f.environment()
                .and_then(|e| e.variables())
                .map(|vars| {
                    let mut vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    vars.sort();
                    vars
                })
                .unwrap_or_default(),
        ),
        layers: f.layers().iter().filter_map(|l| l.arn().map(str::to_string)).collect(),
        subnets: f.vpc_config().map(|v| v.subnet_ids().to_vec()).unwrap_or_default(),
        security_groups: f
            .vpc_config()
            .map(|v| v.security_group_ids().to_vec())
            .unwrap_or_default(),
        snap_start: f
            .snap_start()
            .and_then(|s| s.apply_on())
            .map(|a| a.as_str().to_string())
            .filter(|a| a != "None"),
        dead_letter: f.dead_letter_config().and_then(|d| d.target_arn()).map(str::to_string),
        name,
    }
}

pub async fn load_details(client: &LambdaClient, function: &str) -> Result<Box<Details>, String> {
    let versions = async {
        let mut pages = client
            .list_versions_by_function()
            .function_name(function)
            .into_paginator()
            .send();
        let mut versions = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| describe_sdk_error(&e))?;
            versions.extend(page.versions().iter().map(|v| VersionInfo {
                version: v.version().unwrap_or_default().to_string(),
                description: v.description().unwrap_or_default().to_string(),
                last_modified: v.last_modified().unwrap_or_default().to_string(),
            }));
        }
        Ok::<_, String>(versions)
    };
    let aliases = async {
        let mut pages = client.list_aliases().function_name(function).into_paginator().send();
        let mut aliases = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| describe_sdk_error(&e))?;
            aliases.extend(page.aliases().iter().map(|a| AliasInfo {
                name: a.name().unwrap_or_default().to_string(),
                function_version: a.function_version().unwrap_or_default().to_string(),
                description: a.description().unwrap_or_default().to_string(),
            }));
        }
        Ok::<_, String>(aliases)
    };
    // Tags and reserved concurrency come with GetFunction.
    let function_call = async {
        let out = client
            .get_function()
            .function_name(function)
            .send()
            .await
            .map_err(|e| describe_sdk_error(&e))?;
        let reserved = out.concurrency().and_then(|c| c.reserved_concurrent_executions());
        let mut tags: Vec<(String, String)> = out
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        tags.sort();
        Ok::<_, String>((reserved, tags))
    };
    let provisioned = async {
        let out = client
            .list_provisioned_concurrency_configs()
            .function_name(function)
            .send()
            .await
            .map_err(|e| describe_sdk_error(&e))?;
        Ok::<_, String>(
            out.provisioned_concurrency_configs()
                .iter()
                .map(|c| {
                    let qualifier = c.function_arn().and_then(|a| a.rsplit(':').next()).unwrap_or("");
                    (
                        qualifier.to_string(),
                        c.requested_provisioned_concurrent_executions().unwrap_or(0),
                        c.available_provisioned_concurrent_executions().unwrap_or(0),
                        c.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                    )
                })
                .collect(),
        )
    };
    let url = async {
        match client.get_function_url_config().function_name(function).send().await {
            Ok(out) => Ok(Some((
                out.function_url().to_string(),
                out.auth_type().as_str().to_string(),
                out.invoke_mode()
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_else(|| "BUFFERED".into()),
            ))),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                Ok(None)
            }
            Err(e) => Err(describe_sdk_error(&e)),
        }
    };
    let mappings = async {
        let out = client
            .list_event_source_mappings()
            .function_name(function)
            .max_items(100)
            .send()
            .await
            .map_err(|e| describe_sdk_error(&e))?;
        Ok::<_, String>(
            out.event_source_mappings()
                .iter()
                .take(crate::model::MAX_SHOWN)
                .map(|m| MappingInfo {
                    source_arn: cut_text(m.event_source_arn().unwrap_or_default()),
                    state: cut_text(m.state().unwrap_or_default()),
                    batch_size: m.batch_size(),
                    batching_window_seconds: m.maximum_batching_window_in_seconds(),
                    last_result: cut_text(m.last_processing_result().unwrap_or_default()),
                    on_failure: m
                        .destination_config()
                        .and_then(|d| d.on_failure())
                        .and_then(|f| f.destination())
                        .map(cut_text),
                })
                .collect(),
        )
    };
    // No policy at all is Lambda's ResourceNotFound: nobody else may call it.
    let grants = async {
        match client.get_policy().function_name(function).send().await {
            Ok(out) => Grant::from_policy(out.policy().unwrap_or("{}")),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                Ok(Vec::new())
            }
            Err(e) => Err(describe_sdk_error(&e)),
        }
    };
    let (versions, aliases, function_call, provisioned, url, mappings, grants) =
        tokio::join!(versions, aliases, function_call, provisioned, url, mappings, grants);
    let (reserved_concurrency, tags) = match function_call {
        Ok((reserved, tags)) => (Ok(reserved), Ok(tags)),
        Err(why) => (Err(why.clone()), Err(why)),
    };
    Ok(Box::new(Details {
        versions: versions?,
        aliases: aliases?,
        reserved_concurrency,
        provisioned,
        url,
        tags,
        mappings,
        grants,
    }))
}
