//! URL invocations: the request form over the URL Details read, and R.

use super::*;

#[test]
fn type_url_opens_the_request_form_over_the_url_details_read_and_sends_it() {
    let mut app = loaded(&["api"]);
    app.invoke_type = InvokeType::Url;
    let details = app.details.clone().unwrap();
    // No URL: said, nothing sent.
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id: details.load_id,
        function: details.function.clone(),
        result: Ok(Box::default()),
    }));
    let out = app.update(ctrl('r'));
    assert!(out.is_empty(), "{out:?}");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("has no function URL"))
    );
    let with_url = crate::model::Details {
        url: Ok(Some((
            "http://127.0.0.1:9/lambda-url/api/".into(),
            "AWS_IAM".into(),
            "BUFFERED".into(),
        ))),
        ..Default::default()
    };
    app.details_kept.clear();
    let id = app.details.as_ref().unwrap().load_id;
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id,
        function: details.function,
        result: Ok(Box::new(with_url)),
    }));
    app.set_payload_text(r#"{"name": "x"}"#);
    app.update(key(KeyCode::Esc));
    app.update(ctrl('r'));
    let Mode::UrlForm(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(form.method.text, "POST", "a body suggests POST");
    for c in "/items?x=1".chars() {
        app.update(key_char(c));
    }
    let out = app.update(key(KeyCode::Enter));
    let [Command::Invoke { request, .. }] = &out[..] else {
        panic!("{out:?} {:?}", app.mode)
    };
    assert_eq!(request.invoke_type, InvokeType::Url);
    assert_eq!(request.payload, br#"{"name": "x"}"#);
    let url = request.url.as_deref().unwrap();
    assert_eq!(url.full_url(), "http://127.0.0.1:9/lambda-url/api/items?x=1");
    assert_eq!((url.method.as_str(), url.auth_type.as_str()), ("POST", "AWS_IAM"));
    assert_eq!(
        url.headers,
        [("content-type".to_string(), "application/json".to_string())]
    );
}

#[test]
fn r_sends_a_url_request_again_to_the_functions_url_as_details_read_it_now() {
    let mut app = loaded(&["api"]);
    let details = app.details.clone().unwrap();
    let with_url = crate::model::Details {
        url: Ok(Some((
            "http://127.0.0.1:2222/lambda-url/api/".into(),
            "NONE".into(),
            "BUFFERED".into(),
        ))),
        ..Default::default()
    };
    app.update(Event::Backend(BackendEvent::DetailsLoaded {
        id: details.load_id,
        function: details.function,
        result: Ok(Box::new(with_url)),
    }));
    // Sent in an earlier run, when the endpoint listened on another port.
    let old = InvokeRequest {
        function: "api".into(),
        qualifier: None,
        invoke_type: InvokeType::Url,
        payload: Vec::new(),
        client_context: None,
        url: Some(Box::new(crate::model::UrlRequest {
            base: "http://127.0.0.1:1111/lambda-url/api/".into(),
            method: "GET".into(),
            path: "/items?limit=1".into(),
            headers: vec![("x-test".into(), "1".into())],
            auth_type: "NONE".into(),
            invoke_mode: "BUFFERED".into(),
        })),
    };
    let out = app.send_invoke(old, String::new());
    let [Command::Invoke { id, .. }] = out[..] else {
        panic!("{out:?}")
    };
    let outcome = InvokeOutcome::from_parts(200, None, None, None, b"[]", None);
    app.update(Event::Backend(BackendEvent::InvokeFinished {
        id,
        result: Ok(Box::new(outcome)),
    }));
    app.update(key_char('4'));
    let out = app.update(key_char('R'));
    let Some(Command::Invoke { request, .. }) = out.iter().find(|c| matches!(c, Command::Invoke { .. })) else {
        panic!("{out:?} {:?}", app.status)
    };
    let url = request.url.as_deref().unwrap();
    assert_eq!(url.full_url(), "http://127.0.0.1:2222/lambda-url/api/items?limit=1");
    assert_eq!(url.headers, [("x-test".to_string(), "1".to_string())]);
}
