//! A Lambda Runtime API client in the standard library alone, for the
//! samples run natively: one kept-alive HTTP/1.1 connection, as the python
//! samples' `lambda_runtime.py` uses, to `AWS_LAMBDA_RUNTIME_API`.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;

const PREFIX: &str = "/2018-06-01/runtime";
/// An answer's head and a next event are bounded: Lambda's own payload
/// limit is 6 MB, and the header block is a few hundred bytes.
const MAX_HEAD_BYTES: usize = 64 * 1024;
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

pub struct RuntimeApi {
    reader: BufReader<TcpStream>,
    host: String,
}

/// One invocation, as `/next` gave it.
pub struct Invocation {
    pub request_id: String,
    pub deadline_ms: u64,
    pub event: Vec<u8>,
}

pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn bad(what: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.into())
}

impl RuntimeApi {
    pub fn connect() -> io::Result<RuntimeApi> {
        let host = std::env::var("AWS_LAMBDA_RUNTIME_API").map_err(|_| bad("AWS_LAMBDA_RUNTIME_API is not set"))?;
        let stream = TcpStream::connect(&host)?;
        stream.set_nodelay(true)?;
        Ok(RuntimeApi {
            reader: BufReader::new(stream),
            host,
        })
    }

    /// Waits for the next invocation.
    pub fn next(&mut self) -> io::Result<Invocation> {
        self.send_head("GET", &format!("{PREFIX}/invocation/next"), &[], Some(0))?;
        let answer = self.read_answer()?;
        if answer.status != 200 {
            return Err(bad(format!("/next answered {}", answer.status)));
        }
        let request_id = answer
            .header("Lambda-Runtime-Aws-Request-Id")
            .filter(|id| !id.is_empty() && id.len() <= 100)
            .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .ok_or_else(|| bad("/next gave no request id fit for a path"))?
            .to_string();
        Ok(Invocation {
            request_id,
            deadline_ms: answer
                .header("Lambda-Runtime-Deadline-Ms")
                .and_then(|d| d.trim().parse().ok())
                .unwrap_or(0),
            event: answer.body,
        })
    }

    pub fn respond(&mut self, request_id: &str, body: &[u8]) -> io::Result<()> {
        let path = format!("{PREFIX}/invocation/{request_id}/response");
        self.post(&path, &[("Content-Type", "application/json")], body)
    }

    /// An unhandled error: its type and the body Lambda returns.
    pub fn fail(&mut self, request_id: &str, error: &serde_json::Value) -> io::Result<()> {
        let path = format!("{PREFIX}/invocation/{request_id}/error");
        let body = super::native::python_json(error);
        self.post(
            &path,
            &[
                ("Content-Type", "application/json"),
                ("Lambda-Runtime-Function-Error-Type", "Unhandled"),
            ],
            &body,
        )
    }

    fn post(&mut self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> io::Result<()> {
        self.send_head("POST", path, headers, Some(body.len()))?;
        self.reader.get_mut().write_all(body)?;
        self.read_answer().map(drop)
    }

    /// A streamed response: each `write` of the returned stream goes at
    /// once as one HTTP chunk; `end` closes it, with an error in trailers.
    pub fn stream(&mut self, request_id: &str) -> io::Result<ResponseStream<'_>> {
        let path = format!("{PREFIX}/invocation/{request_id}/response");
        self.send_head(
            "POST",
            &path,
            &[
                ("Lambda-Runtime-Function-Response-Mode", "streaming"),
                ("Transfer-Encoding", "chunked"),
                (
                    "Trailer",
                    "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body",
                ),
            ],
            None,
        )?;
        Ok(ResponseStream { api: self })
    }

    fn send_head(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        length: Option<usize>,
    ) -> io::Result<()> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(length) = length {
            head.push_str(&format!("Content-Length: {length}\r\n"));
        }
        head.push_str("\r\n");
        self.reader.get_mut().write_all(head.as_bytes())
    }

    fn read_answer(&mut self) -> io::Result<Answer> {
        let mut line = String::new();
        let mut head_bytes = 0;
        let mut read_line = |reader: &mut BufReader<TcpStream>, line: &mut String| -> io::Result<()> {
            line.clear();
            let n = reader
                .by_ref()
                .take((MAX_HEAD_BYTES - head_bytes) as u64)
                .read_line(line)?;
            head_bytes += n;
            if n == 0 || !line.ends_with('\n') {
                return Err(bad("the Runtime API hung up or sent too long a head"));
            }
            Ok(())
        };
        read_line(&mut self.reader, &mut line)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad(format!("not an HTTP status line: {}", line.trim())))?;
        let mut headers = Vec::new();
        loop {
            read_line(&mut self.reader, &mut line)?;
            let text = line.trim_end();
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let mut answer = Answer {
            status,
            headers,
            body: Vec::new(),
        };
        let chunked = answer
            .header("Transfer-Encoding")
            .is_some_and(|t| t.eq_ignore_ascii_case("chunked"));
        if chunked {
            answer.body = self.read_chunked()?;
        } else {
            let length: usize = match answer.header("Content-Length") {
                Some(text) => text.trim().parse().map_err(|_| bad("a bad Content-Length"))?,
                None => 0,
            };
            if length > MAX_BODY_BYTES {
                return Err(bad(format!("a body of {length} bytes")));
            }
            answer.body = vec![0; length];
            self.reader.read_exact(&mut answer.body)?;
        }
        Ok(answer)
    }

    fn read_chunked(&mut self) -> io::Result<Vec<u8>> {
        let mut body = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            self.reader.by_ref().take(1024).read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad("a bad chunk size"))?;
            if size == 0 {
                // Trailers, then the blank line that ends them.
                loop {
                    line.clear();
                    if self.reader.by_ref().take(8192).read_line(&mut line)? == 0 || line.trim().is_empty() {
                        return Ok(body);
                    }
                }
            }
            let start = body.len();
            let end = start
                .checked_add(size)
                .filter(|&end| end <= MAX_BODY_BYTES)
                .ok_or_else(|| bad("a chunked body over the bound"))?;
            body.resize(end + 2, 0);
            self.reader.read_exact(&mut body[start..])?;
            body.truncate(end);
        }
    }
}

pub struct ResponseStream<'a> {
    api: &'a mut RuntimeApi,
}

impl ResponseStream<'_> {
    pub fn write(&mut self, data: &[u8]) -> io::Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        let stream = self.api.reader.get_mut();
        stream.write_all(format!("{:x}\r\n", data.len()).as_bytes())?;
        stream.write_all(data)?;
        stream.write_all(b"\r\n")
    }

    /// The last chunk; an error after the first byte goes in the trailers.
    pub fn end(self, error: Option<&serde_json::Value>) -> io::Result<()> {
        use base64::Engine;
        let mut last = b"0\r\n".to_vec();
        if let Some(error) = error {
            let kind = error["errorType"].as_str().unwrap_or("Error");
            let body = base64::engine::general_purpose::STANDARD.encode(serde_json::to_vec(error).unwrap_or_default());
            last.extend_from_slice(format!("Lambda-Runtime-Function-Error-Type: {kind}\r\n").as_bytes());
            last.extend_from_slice(format!("Lambda-Runtime-Function-Error-Body: {body}\r\n").as_bytes());
        }
        last.extend_from_slice(b"\r\n");
        self.api.reader.get_mut().write_all(&last)?;
        self.api.read_answer().map(drop)
    }
}
