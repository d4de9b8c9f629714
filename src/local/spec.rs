//! Function folders: `function.toml` beside an executable `bootstrap`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// What `function.toml` may say; everything but the name has Lambda's default.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_handler")]
    pub handler: String,
    #[serde(default = "default_runtime")]
    pub runtime: String,
    /// MB, 128 to 10240.
    #[serde(default = "default_memory")]
    pub memory: u32,
    /// Seconds, 1 to 900.
    #[serde(default = "default_timeout")]
    pub timeout: u32,
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
    /// Concurrent executions allowed; beyond them invokes are throttled.
    pub reserved_concurrency: Option<u32>,
    #[serde(default, rename = "async")]
    pub async_config: AsyncSpec,
    /// Published versions: `versions = 2` publishes "1" and "2" of the same code.
    #[serde(default)]
    pub versions: u32,
    /// Alias name to version.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// What GetFunctionConfiguration reports besides: layer ARNs, VPC,
    /// /tmp size, SnapStart, dead-letter target, and a state to rehearse a
    /// function that is not ready.
    #[serde(default)]
    pub layers: Vec<String>,
    #[serde(default)]
    pub vpc: VpcSpec,
    #[serde(default = "default_ephemeral")]
    pub ephemeral_storage: u32,
    pub snap_start: Option<String>,
    pub dead_letter: Option<String>,
    #[serde(default = "default_state")]
    pub state: String,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    #[serde(default)]
    pub state_reason: String,
    /// A function URL, served by the endpoint under `/lambda-url/NAME/`.
    pub url: Option<UrlSpec>,
    /// What reads from queues and streams into it, as ListEventSourceMappings
    /// reports them (nothing is read: they are shown, not run).
    #[serde(default)]
    pub event_source_mappings: Vec<MappingSpec>,
    /// Who may invoke it: its resource-based policy's statements (GetPolicy).
    #[serde(default)]
    pub permissions: Vec<PermissionSpec>,
    #[serde(skip)]
    pub dir: PathBuf,
    /// The bootstrap's SHA-256, base64, as Lambda reports CodeSha256.
    #[serde(skip)]
    pub code_sha256: String,
    /// Read once at load: the bootstrap's size and function.toml's mtime (Unix seconds).
    #[serde(skip)]
    pub code_size: u64,
    #[serde(skip)]
    pub modified_unix: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrlSpec {
    /// NONE or AWS_IAM.
    #[serde(default = "default_auth_type")]
    pub auth_type: String,
    /// BUFFERED or RESPONSE_STREAM.
    #[serde(default = "default_invoke_mode")]
    pub invoke_mode: String,
    pub cors: Option<CorsSpec>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CorsSpec {
    #[serde(default)]
    pub allow_origins: Vec<String>,
    #[serde(default)]
    pub allow_methods: Vec<String>,
    #[serde(default)]
    pub allow_headers: Vec<String>,
    #[serde(default)]
    pub expose_headers: Vec<String>,
    #[serde(default)]
    pub allow_credentials: bool,
    pub max_age: Option<u32>,
}

fn default_auth_type() -> String {
    "AWS_IAM".into()
}

fn default_invoke_mode() -> String {
    "BUFFERED".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingSpec {
    pub source_arn: String,
    #[serde(default = "default_mapping_state")]
    pub state: String,
    #[serde(default = "default_batch_size")]
    pub batch_size: u32,
    #[serde(default)]
    pub batching_window_seconds: u32,
    #[serde(default = "default_last_result")]
    pub last_processing_result: String,
    pub on_failure: Option<String>,
}

fn default_mapping_state() -> String {
    "Enabled".into()
}

fn default_batch_size() -> u32 {
    10
}

fn default_last_result() -> String {
    "No records processed".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionSpec {
    pub sid: String,
    /// A service (`s3.amazonaws.com`) or an account or role ARN.
    pub principal: String,
    pub source_arn: Option<String>,
    pub source_account: Option<String>,
    #[serde(default = "default_action")]
    pub action: String,
    /// For `lambda:InvokeFunctionUrl` grants: NONE or AWS_IAM.
    pub function_url_auth_type: Option<String>,
}

fn default_action() -> String {
    "lambda:InvokeFunction".into()
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcSpec {
    #[serde(default)]
    pub subnets: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
}

fn default_ephemeral() -> u32 {
    512
}

fn default_state() -> String {
    "Active".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsyncSpec {
    #[serde(default = "default_retries")]
    pub maximum_retry_attempts: u32,
    #[serde(default = "default_event_age")]
    pub maximum_event_age_seconds: u32,
    pub on_success: Option<String>,
    pub on_failure: Option<String>,
}

impl Default for AsyncSpec {
    fn default() -> Self {
        AsyncSpec {
            maximum_retry_attempts: default_retries(),
            maximum_event_age_seconds: default_event_age(),
            on_success: None,
            on_failure: None,
        }
    }
}

fn default_handler() -> String {
    "bootstrap".into()
}
fn default_runtime() -> String {
    "provided.al2023".into()
}
fn default_memory() -> u32 {
    128
}
fn default_timeout() -> u32 {
    3
}
fn default_retries() -> u32 {
    2
}
fn default_event_age() -> u32 {
    21_600
}

impl FunctionSpec {
    pub fn bootstrap(&self) -> PathBuf {
        self.dir.join("bootstrap")
    }

    fn check(&self) -> Result<(), String> {
        let name_ok = !self.name.is_empty()
            && self.name.len() <= 64
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !name_ok {
            return Err(format!("name {:?} must be 1-64 letters, digits, - or _", self.name));
        }
        if !(128..=10_240).contains(&self.memory) {
            return Err(format!("memory {} must be 128 to 10240 MB", self.memory));
        }
        if !(1..=900).contains(&self.timeout) {
            return Err(format!("timeout {} must be 1 to 900 seconds", self.timeout));
        }
        if self.async_config.maximum_retry_attempts > 2 {
            return Err("async.maximum_retry_attempts must be 0 to 2".into());
        }
        if !(512..=10_240).contains(&self.ephemeral_storage) {
            return Err(format!(
                "ephemeral_storage {} must be 512 to 10240 MB",
                self.ephemeral_storage
            ));
        }
        if !["Active", "Pending", "Inactive", "Failed"].contains(&self.state.as_str()) {
            return Err(format!(
                "state {:?} must be Active, Pending, Inactive or Failed",
                self.state
            ));
        }
        if let Some(apply_on) = &self.snap_start
            && !["PublishedVersions", "None"].contains(&apply_on.as_str())
        {
            return Err(format!("snap_start {apply_on:?} must be PublishedVersions or None"));
        }
        if self.layers.len() > 5 {
            return Err("a function has at most 5 layers".into());
        }
        // Lambda's own rules for variables: names it reserves are refused,
        // and all of them together hold at most 4 KB.
        const RESERVED: &[&str] = &[
            "_HANDLER",
            "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION",
            "AWS_REGION",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR",
        ];
        let mut total = 0;
        for (name, value) in &self.environment {
            let well_formed = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !well_formed {
                return Err(format!(
                    "environment variable {name:?}: a name is a letter, then letters, digits and _"
                ));
            }
            if RESERVED.contains(&name.as_str()) {
                return Err(format!("environment variable {name} is reserved by Lambda"));
            }
            if value.contains('\0') {
                return Err(format!("environment variable {name} holds a NUL byte"));
            }
            total += name.len() + value.len();
        }
        if total > 4 * 1024 {
            return Err(format!(
                "environment variables hold {total} bytes; Lambda takes at most 4096"
            ));
        }
        let description = self.description.chars().count();
        if description > 256 {
            return Err(format!(
                "the description is {description} characters; Lambda takes at most 256"
            ));
        }
        for (alias, version) in &self.aliases {
            let known = version == "$LATEST" || version.parse::<u32>().is_ok_and(|v| v >= 1 && v <= self.versions);
            if !known {
                return Err(format!(
                    "alias {alias} points at version {version}, which is not declared"
                ));
            }
        }
        if let Some(url) = &self.url {
            if !["NONE", "AWS_IAM"].contains(&url.auth_type.as_str()) {
                return Err(format!("url.auth_type {:?} must be NONE or AWS_IAM", url.auth_type));
            }
            if !["BUFFERED", "RESPONSE_STREAM"].contains(&url.invoke_mode.as_str()) {
                return Err(format!(
                    "url.invoke_mode {:?} must be BUFFERED or RESPONSE_STREAM",
                    url.invoke_mode
                ));
            }
        }
        // What Lambda itself allows, so that what Details shows is real.
        if self.event_source_mappings.len() > 100 || self.permissions.len() > 100 {
            return Err("at most 100 event source mappings and 100 permissions".into());
        }
        for mapping in &self.event_source_mappings {
            if ![
                "Enabled",
                "Disabled",
                "Creating",
                "Enabling",
                "Disabling",
                "Updating",
                "Deleting",
            ]
            .contains(&mapping.state.as_str())
            {
                return Err(format!(
                    "event source mapping state {:?} is not one Lambda has",
                    mapping.state
                ));
            }
            if !(1..=10_000).contains(&mapping.batch_size) || mapping.batching_window_seconds > 300 {
                return Err(format!(
                    "event source mapping {}: batch_size {} and batching_window_seconds {}: use 1 to 10000 and 0 to 300",
                    mapping.source_arn, mapping.batch_size, mapping.batching_window_seconds
                ));
            }
            if !mapping.source_arn.starts_with("arn:") || mapping.source_arn.split(':').count() < 6 {
                return Err(format!(
                    "event source mapping source_arn {:?} is not an ARN (arn:aws:sqs:REGION:ACCOUNT:NAME)",
                    mapping.source_arn
                ));
            }
        }
        if let Some(sid) = self.permissions.iter().map(|p| &p.sid).find(|sid| {
            sid.is_empty() || sid.len() > 100 || !sid.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }) {
            return Err(format!("permission sid {sid:?} must be 1-100 letters, digits, - or _"));
        }
        if !self.bootstrap().is_file() {
            return Err(format!("{} has no executable bootstrap", self.dir.display()));
        }
        Ok(())
    }
}

/// The file's SHA-256 in base64, as Lambda reports CodeSha256; empty when
/// it cannot be read (the function then fails at its first start).
fn code_sha256(path: &Path) -> String {
    use base64::Engine;
    use sha2::Digest;
    match std::fs::read(path) {
        Ok(bytes) => base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&bytes)),
        Err(_) => String::new(),
    }
}

/// Loads every sub-folder of `root` that holds a `function.toml`, sorted by name.
pub fn load_dir(root: &Path) -> Result<Vec<FunctionSpec>, String> {
    let entries = std::fs::read_dir(root).map_err(|e| format!("cannot read {}: {e}", root.display()))?;
    let mut specs = Vec::new();
    for entry in entries.flatten() {
        let manifest = entry.path().join("function.toml");
        if !manifest.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
        let mut spec: FunctionSpec = toml::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))?;
        spec.dir = entry.path();
        spec.code_size = std::fs::metadata(spec.bootstrap()).map(|m| m.len()).unwrap_or(0);
        spec.code_sha256 = code_sha256(&spec.bootstrap());
        spec.modified_unix = std::fs::metadata(&manifest)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        spec.check().map_err(|e| format!("{}: {e}", manifest.display()))?;
        specs.push(spec);
    }
    specs.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = specs.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(format!("two functions are named {}", pair[0].name));
    }
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(extra: &str) -> Result<(), String> {
        let spec: FunctionSpec = toml::from_str(&format!("name = \"f\"\n{extra}")).map_err(|e| e.to_string())?;
        spec.check()
    }

    #[test]
    fn environment_variables_follow_lambdas_rules() {
        // Past the rules for variables, only the (absent) bootstrap is missing.
        assert!(
            spec("environment = { STAGE = \"dev\" }")
                .unwrap_err()
                .contains("bootstrap")
        );
        assert!(
            spec("environment = { \"A=B\" = \"x\" }")
                .unwrap_err()
                .contains("a name is a letter")
        );
        assert!(
            spec("environment = { AWS_REGION = \"x\" }")
                .unwrap_err()
                .contains("reserved")
        );
        assert!(spec("environment = { K = \"a\\u0000b\" }").unwrap_err().contains("NUL"));
        let big = format!("environment = {{ K = \"{}\" }}", "x".repeat(4096));
        assert!(spec(&big).unwrap_err().contains("at most 4096"));
        assert!(spec("state = \"Sleeping\"").unwrap_err().contains("Active, Pending"));
        assert!(
            spec("layers = [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]")
                .unwrap_err()
                .contains("5 layers")
        );
    }
}
