//! A URL invocation (type `url`): Ctrl-R opens a small request form, the
//! method, the path with its query and the headers, over the function's URL
//! as Details read it; the payload editor holds the body (any text). Enter
//! sends it as the function's HTTP clients would, signed for AWS_IAM.

use std::collections::HashMap;

use super::prompt::LineInput;
use super::{App, Command, DetailsState, Mode};
use crate::model::{InvokeRequest, InvokeType, UrlRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlField {
    Method,
    Path,
    Headers,
}

/// The request form: what is sent where.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlForm {
    /// The function it was opened on: Enter sends there or nowhere.
    pub function: String,
    pub base: String,
    pub auth_type: String,
    pub invoke_mode: String,
    pub method: LineInput,
    pub path: LineInput,
    /// `name: value`, several separated by ` | `.
    pub headers: LineInput,
    pub field: UrlField,
    pub error: Option<String>,
}

impl UrlForm {
    pub fn next_field(&mut self) {
        self.field = match self.field {
            UrlField::Method => UrlField::Path,
            UrlField::Path => UrlField::Headers,
            UrlField::Headers => UrlField::Method,
        };
    }

    pub fn focused(&mut self) -> &mut LineInput {
        match self.field {
            UrlField::Method => &mut self.method,
            UrlField::Path => &mut self.path,
            UrlField::Headers => &mut self.headers,
        }
    }

    /// The form as a request, or what is wrong with it.
    fn request(&self) -> Result<UrlRequest, String> {
        let method = self.method.text.trim().to_ascii_uppercase();
        let path = self.path.text.trim();
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        let mut headers = Vec::new();
        for pair in self.headers.text.split(" | ").map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, value)) = pair.split_once(':') else {
                return Err(format!(
                    "A header is `name: value` (several: a | b): {}",
                    crate::sanitize::one_line(pair)
                ));
            };
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
        let request = UrlRequest {
            base: self.base.clone(),
            method,
            path,
            headers,
            auth_type: self.auth_type.clone(),
            invoke_mode: self.invoke_mode.clone(),
        };
        check_request(&request)?;
        Ok(request)
    }
}

/// What the console sends, checked: the form's, and one read back from the
/// history before `R` sends it again (a database can be edited).
pub(in crate::app) fn check_request(request: &UrlRequest) -> Result<(), String> {
    let method = &request.method;
    if method.is_empty() || method.len() > 16 || !method.chars().all(|c| c.is_ascii_uppercase()) {
        return Err("The method is a word: GET, POST, PUT, PATCH, DELETE…".into());
    }
    if request.path.chars().any(|c| c.is_control() || c == ' ') || !request.path.starts_with('/') {
        return Err("Not sent: a path has no spaces or control characters (encode them: %20).".into());
    }
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    for (name, value) in &request.headers {
        if name.is_empty() || !name.chars().all(token) || name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(format!(
                "Not sent: {} is not a header name",
                crate::sanitize::one_line(name)
            ));
        }
        if value.chars().any(char::is_control) {
            return Err(format!("Not sent: the value of {name} holds a control character"));
        }
        // The console sets these; for AWS_IAM it signs the request with them.
        let signing = request.auth_type == "AWS_IAM" && (name == "authorization" || name.starts_with("x-amz-"));
        if signing || ["host", "content-length", "transfer-encoding"].contains(&name.as_str()) {
            return Err(format!("Not sent: {name} is set by the console"));
        }
    }
    Ok(())
}

/// What each function's form last sent (method, path, headers).
pub type UrlFormMemory = HashMap<String, (String, String, String)>;

impl App {
    /// The function's URL as Details last read it: (URL, auth type, mode).
    pub(super) fn current_url(&self, function: &str) -> Option<(String, String, String)> {
        let details = match self.details.as_ref().filter(|d| d.function == function) {
            Some(d) => match &d.state {
                DetailsState::Loaded(details) => Some(details.as_ref()),
                _ => None,
            },
            None => self.details_kept.get(function).map(|d| d.as_ref()),
        }?;
        details.url.clone().ok().flatten()
    }

    pub(super) fn remember_url_form(&mut self, function: &str, method: &str, path: &str, headers: &str) {
        self.url_forms
            .insert(function.to_string(), (method.into(), path.into(), headers.into()));
    }

    /// Ctrl-R with type `url`: the form, over the URL Details read.
    pub(super) fn open_url_form(&mut self) -> Vec<Command> {
        let Some(function) = self.selected_name() else {
            self.set_error("No function selected: pick one in the Functions pane.".into());
            return Vec::new();
        };
        let url = match self
            .details
            .as_ref()
            .filter(|d| d.function == function)
            .map(|d| &d.state)
        {
            Some(DetailsState::Loaded(details)) => details.url.clone(),
            Some(DetailsState::Failed(why)) => Err(why.clone()),
            _ => {
                self.set_info("The function's URL is still being read: Ctrl-R again in a moment.".into());
                return Vec::new();
            }
        };
        let (base, auth_type, invoke_mode) = match url {
            Ok(Some(url)) => url,
            Ok(None) => {
                let key = self.key_label(crate::action::Action::CycleType);
                self.set_error(format!(
                    "{} has no function URL (Details: url none): {key} picks another type.",
                    crate::sanitize::one_line(&function)
                ));
                return Vec::new();
            }
            Err(why) => {
                self.set_error(format!(
                    "Its URL could not be read: {}",
                    crate::sanitize::one_line(&why)
                ));
                return Vec::new();
            }
        };
        let has_body = !self.payload.text().trim().is_empty();
        let (method, path, headers) = self.url_forms.get(&function).cloned().unwrap_or_else(|| {
            if has_body {
                ("POST".into(), "/".into(), "content-type: application/json".into())
            } else {
                ("GET".into(), "/".into(), String::new())
            }
        });
        self.mode = Mode::UrlForm(Box::new(UrlForm {
            function,
            base,
            auth_type,
            invoke_mode,
            method: LineInput::new(&method, 16),
            path: LineInput::new(&path, 2048),
            headers: LineInput::new(&headers, 4096),
            field: UrlField::Path,
            error: None,
        }));
        Vec::new()
    }

    /// Enter in the form: sent (asked about first on a protected profile),
    /// or the form stays, saying what is wrong.
    pub(super) fn url_form_submitted(&mut self, mut form: UrlForm) -> Vec<Command> {
        let refuse = |app: &mut App, mut form: UrlForm, why: String| {
            form.error = Some(why);
            app.mode = Mode::UrlForm(Box::new(form));
            Vec::new()
        };
        if self.selected_name().as_deref() != Some(form.function.as_str()) {
            let why = format!(
                "Not sent: the cursor moved off {} while this form was open.",
                crate::sanitize::one_line(&form.function)
            );
            return refuse(self, form, why);
        }
        if self.payload.owner.as_deref() != Some(form.function.as_str()) {
            return refuse(
                self,
                form,
                "Not sent: the editor holds another function's payload.".into(),
            );
        }
        let url = match form.request() {
            Ok(url) => url,
            Err(why) => return refuse(self, form, why),
        };
        let payload = self.payload.text().into_bytes();
        if payload.len() > crate::payload::SYNC_PAYLOAD_LIMIT {
            return refuse(self, form, "Not sent: a URL request's body is 6 MB at most.".into());
        }
        let (function, path, headers) = (form.function.clone(), form.path.text.clone(), form.headers.text.clone());
        self.remember_url_form(&function, &url.method, &path, &headers);
        form.error = None;
        let log_group = self
            .functions
            .selected()
            .map(|f| f.log_group.clone())
            .unwrap_or_default();
        let request = InvokeRequest {
            function: form.function,
            qualifier: None,
            invoke_type: InvokeType::Url,
            payload,
            client_context: None,
            url: Some(Box::new(url)),
        };
        self.mode = self.resting_mode();
        self.send_or_confirm(request, log_group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(method: &str, path: &str, headers: &str) -> UrlForm {
        UrlForm {
            function: "f".into(),
            base: "http://127.0.0.1:9/lambda-url/f/".into(),
            auth_type: "NONE".into(),
            invoke_mode: "BUFFERED".into(),
            method: LineInput::new(method, 16),
            path: LineInput::new(path, 2048),
            headers: LineInput::new(headers, 4096),
            field: UrlField::Path,
            error: None,
        }
    }

    #[test]
    fn the_form_reads_as_a_request_and_refuses_what_would_break_one() {
        let request = form("post", "items?limit=2", "Content-Type: application/json | x-trace: a,b")
            .request()
            .unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.full_url(), "http://127.0.0.1:9/lambda-url/f/items?limit=2");
        assert_eq!(
            request.headers,
            [
                ("content-type".to_string(), "application/json".to_string()),
                ("x-trace".into(), "a,b".into())
            ]
        );
        assert!(form("GE T", "/", "").request().is_err());
        assert!(form("GET", "/a b", "").request().is_err());
        assert!(form("GET", "/", "no colon").request().is_err());
        assert!(form("GET", "/", "bad name: x").request().is_err());
        let mut signed = form("GET", "/", "authorization: forged");
        assert!(
            form("GET", "/", "authorization: Bearer t").request().is_ok(),
            "a NONE URL's app may want it"
        );
        signed.auth_type = "AWS_IAM".into();
        assert!(signed.request().is_err(), "the console signs an AWS_IAM request");
    }
}
