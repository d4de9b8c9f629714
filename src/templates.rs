//! Event templates: what common AWS sources send a function, to start a payload from.

macro_rules! template {
    ($name:literal, $file:literal) => {
        (
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/events/", $file)),
        )
    };
}

/// (name, JSON) pairs, shown by `E`.
pub const TEMPLATES: &[(&str, &str)] = &[
    template!("API Gateway HTTP API (payload 2.0)", "apigw-http.json"),
    template!("API Gateway REST API (proxy)", "apigw-rest.json"),
    template!("Lambda function URL", "function-url.json"),
    template!("Application Load Balancer request", "alb.json"),
    template!("S3 object created", "s3-put.json"),
    template!("S3 object deleted", "s3-delete.json"),
    template!("SQS message", "sqs.json"),
    template!("SQS FIFO message", "sqs-fifo.json"),
    template!("SNS notification", "sns.json"),
    template!("Kinesis Data Streams record", "kinesis.json"),
    template!("Kinesis Data Firehose transformation", "firehose.json"),
    template!("DynamoDB stream record", "dynamodb-stream.json"),
    template!("Amazon MSK (Kafka) records", "msk.json"),
    template!("CloudWatch Logs subscription", "cloudwatch-logs.json"),
    template!("EventBridge event", "eventbridge.json"),
    template!("EventBridge scheduled event", "eventbridge-scheduled.json"),
    template!("SES email received", "ses.json"),
    template!("IoT rule message", "iot.json"),
    template!("Cognito pre sign-up trigger", "cognito-pre-signup.json"),
    template!(
        "CloudFormation custom resource (Create)",
        "cloudformation-custom-resource.json"
    ),
    template!("Config custom rule evaluation", "config-rule.json"),
    template!(
        "Secrets Manager rotation (createSecret)",
        "secrets-manager-rotation.json"
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_valid_json() {
        for (name, text) in TEMPLATES {
            assert_eq!(
                crate::payload::validate(text),
                crate::payload::Validity::Valid,
                "{name}"
            );
        }
        assert!(TEMPLATES.len() >= 20);
    }

    /// What a subscription sends is gzipped JSON in base64: the template's
    /// must decode to the documented shape, or a function under test would
    /// fail on the template rather than on its own code.
    #[test]
    fn the_cloudwatch_logs_template_decodes_to_the_documented_shape() {
        use base64::Engine;
        use std::io::Read;
        let (_, text) = TEMPLATES.iter().find(|(_, t)| t.contains("awslogs")).unwrap();
        let event: serde_json::Value = serde_json::from_str(text).unwrap();
        let data = event["awslogs"]["data"].as_str().unwrap();
        let gzipped = base64::engine::general_purpose::STANDARD.decode(data).unwrap();
        let mut decoded = String::new();
        flate2::read::GzDecoder::new(&gzipped[..])
            .read_to_string(&mut decoded)
            .unwrap();
        let expected = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/events/cloudwatch-logs.decoded.json"
        ));
        assert_eq!(decoded, expected);
        let message: serde_json::Value = serde_json::from_str(&decoded).unwrap();
        assert_eq!(message["messageType"], "DATA_MESSAGE");
        for field in ["owner", "logGroup", "logStream", "subscriptionFilters", "logEvents"] {
            assert!(!message[field].is_null(), "{field}");
        }
        let first = &message["logEvents"][0];
        assert!(first["id"].is_string() && first["timestamp"].is_i64() && first["message"].is_string());
    }
}
