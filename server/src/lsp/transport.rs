//! The bytes between the client and tower-lsp. tower-lsp stops reading at the first message it
//! cannot decode (a bad `Content-Length`, a body that is not JSON or not JSON-RPC), and the server
//! would end with it. So every message from stdin is checked here first and passed on re-framed; a
//! malformed one is answered here (parse error, or invalid request with the message's id, as
//! JSON-RPC asks) and reading goes on with the next message. The answers join tower-lsp's output
//! between two of its messages.

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tower_lsp_server::jsonrpc::{ErrorCode, Request, Response};

const HEADER: &[u8] = b"Content-Length";
/// Past this, a header block without its blank line is garbage.
const MAX_HEADER: usize = 8 << 10;
/// Past this, a `Content-Length` is an error rather than a message to wait for.
const MAX_BODY: usize = 1 << 30;

/// What tower-lsp reads and writes instead of stdin and stdout.
pub struct Stdio {
    pub input: DuplexStream,
    pub output: DuplexStream,
    /// Ends once everything tower-lsp wrote has reached stdout.
    pub flushed: JoinHandle<()>,
}

pub fn stdio() -> Stdio {
    let (answers, pending) = mpsc::unbounded_channel();
    let (to_server, input) = tokio::io::duplex(1 << 16);
    tokio::spawn(read_input(to_server, answers));
    let (output, from_server) = tokio::io::duplex(1 << 16);
    let flushed = tokio::spawn(write_output(from_server, pending));
    Stdio { input, output, flushed }
}

/// Stdin → tower-lsp, well-formed messages only; the answers to the others go to `answers`.
async fn read_input(mut to_server: DuplexStream, answers: mpsc::UnboundedSender<Vec<u8>>) {
    let mut input = tokio::io::stdin();
    let mut framer = Framer::default();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        while let Some(message) = framer.next() {
            match message {
                Message::Valid(body) => {
                    let head = format!("Content-Length: {}\r\n\r\n", body.len());
                    if to_server.write_all(head.as_bytes()).await.is_err() || to_server.write_all(&body).await.is_err()
                    {
                        return;
                    }
                }
                Message::Malformed { id, code, message } => {
                    let _ = answers.send(error_response(id, code, &message));
                }
            }
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => return, // end of input: dropping `to_server` ends tower-lsp's stream
            Ok(n) => framer.buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// tower-lsp → stdout, message by message, with the answers to malformed messages in between.
async fn write_output(mut from_server: DuplexStream, mut answers: mpsc::UnboundedReceiver<Vec<u8>>) {
    let mut stdout = tokio::io::stdout();
    let mut buffer = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    let mut answering = true;
    loop {
        tokio::select! {
            read = from_server.read(&mut chunk) => {
                let n = read.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buffer.extend_from_slice(&chunk[..n]);
                while let Some(frame) = take_frame(&mut buffer) {
                    if stdout.write_all(&frame).await.is_err() {
                        return;
                    }
                }
                let _ = stdout.flush().await;
            }
            answer = answers.recv(), if answering => match answer {
                Some(answer) => {
                    let _ = stdout.write_all(&answer).await;
                    let _ = stdout.flush().await;
                }
                None => answering = false,
            },
        }
    }
    while let Ok(answer) = answers.try_recv() {
        let _ = stdout.write_all(&answer).await;
    }
    let _ = stdout.write_all(&buffer).await;
    let _ = stdout.flush().await;
}

/// The first whole message (header and body) of tower-lsp's output, if it is all there.
fn take_frame(buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    let end = find(buffer, b"\r\n\r\n")?;
    let length = content_length(&buffer[..end])?;
    let total = end + 4 + length;
    (buffer.len() >= total).then(|| buffer.drain(..total).collect())
}

#[derive(Debug, PartialEq)]
pub enum Message {
    /// A well-formed JSON-RPC message, as received.
    Valid(Vec<u8>),
    /// What to answer instead of a malformed message.
    Malformed { id: Value, code: ErrorCode, message: String },
}

/// The framed JSON-RPC error response to a malformed message.
fn error_response(id: Value, code: ErrorCode, message: &str) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code.code(), "message": message}}).to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Splits the input into messages.
#[derive(Default)]
pub struct Framer {
    pub buffer: Vec<u8>,
}

impl Framer {
    /// The next complete message in the buffer, if any; skips bytes that do not start a header.
    pub fn next(&mut self) -> Option<Message> {
        loop {
            let Some(start) = find(&self.buffer, HEADER) else {
                // Garbage: keep only what could be the beginning of a header.
                let keep = self.buffer.len().min(HEADER.len() - 1);
                self.buffer.drain(..self.buffer.len() - keep);
                return None;
            };
            self.buffer.drain(..start);
            let Some(end) = find(&self.buffer, b"\r\n\r\n") else {
                if self.buffer.len() > MAX_HEADER {
                    self.buffer.drain(..HEADER.len());
                    return Some(parse_error("the message header does not end"));
                }
                return None;
            };
            let length = content_length(&self.buffer[..end]);
            let body_start = end + 4;
            let Some(length) = length.filter(|l| *l <= MAX_BODY) else {
                self.buffer.drain(..body_start);
                return Some(parse_error("invalid `Content-Length` header"));
            };
            if self.buffer.len() < body_start + length {
                return None;
            }
            let body: Vec<u8> = self.buffer.drain(..body_start + length).skip(body_start).collect();
            if body.is_empty() {
                continue;
            }
            return Some(check(body));
        }
    }
}

fn parse_error(message: &str) -> Message {
    Message::Malformed { id: Value::Null, code: ErrorCode::ParseError, message: format!("Parse error: {message}") }
}

/// The value of the `Content-Length` header of a header block.
fn content_length(headers: &[u8]) -> Option<usize> {
    let headers = std::str::from_utf8(headers).ok()?;
    headers.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("content-length").then(|| value.trim().parse().ok())?
    })
}

/// A body as tower-lsp will decode it: JSON, and a JSON-RPC request, notification or response.
fn check(body: Vec<u8>) -> Message {
    if serde_json::from_slice::<Request>(&body).is_ok() || serde_json::from_slice::<Response>(&body).is_ok() {
        return Message::Valid(body);
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(err) => return parse_error(&format!("the message is not JSON ({err})")),
    };
    let id = value.get("id").filter(|id| id.is_number() || id.is_string()).cloned().unwrap_or(Value::Null);
    Message::Malformed {
        id,
        code: ErrorCode::InvalidRequest,
        message: "Invalid request: not a JSON-RPC 2.0 message".to_owned(),
    }
}

/// Where `needle` first occurs, ASCII case ignored (header names are case-insensitive).
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn all(input: &str) -> Vec<Message> {
        let mut framer = Framer { buffer: input.as_bytes().to_vec() };
        std::iter::from_fn(|| framer.next()).collect()
    }

    #[test]
    fn malformed_messages_are_answered_and_reading_goes_on() {
        let valid = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!(
            "Content-Length: abc\r\n\r\n{{}}garbage{}{}{}{}",
            framed("{not json"),
            framed(r#"{"id":7,"method":"x"}"#),
            framed(""),
            framed(valid)
        );
        let messages = all(&input);
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(matches!(&messages[0], Message::Malformed { id: Value::Null, code: ErrorCode::ParseError, .. }));
        assert!(matches!(&messages[1], Message::Malformed { id: Value::Null, code: ErrorCode::ParseError, .. }));
        assert!(
            matches!(&messages[2], Message::Malformed { id, code: ErrorCode::InvalidRequest, .. } if *id == json!(7))
        );
        assert_eq!(messages[3], Message::Valid(valid.as_bytes().to_vec()));
        // Header names are case-insensitive.
        let lower = framed(valid).replace("Content-Length", "content-length");
        assert_eq!(all(&lower), vec![Message::Valid(valid.as_bytes().to_vec())]);
    }

    #[test]
    fn partial_input_waits_for_the_rest() {
        let valid = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let whole = framed(valid);
        let mut framer = Framer::default();
        for (i, byte) in whole.bytes().enumerate() {
            framer.buffer.push(byte);
            let next = framer.next();
            if i + 1 < whole.len() {
                assert_eq!(next, None, "at byte {i}");
            } else {
                assert_eq!(next, Some(Message::Valid(valid.as_bytes().to_vec())));
            }
        }
        // Other headers are passed over (tower-lsp would refuse a charset other than UTF-8).
        let mut framer = Framer {
            buffer: format!("Content-Length: {}\r\nContent-Type: x\r\n\r\n{valid}", valid.len()).into_bytes(),
        };
        assert_eq!(framer.next(), Some(Message::Valid(valid.as_bytes().to_vec())));
    }
}
