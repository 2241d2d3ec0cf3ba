//! A bounded load bench for the workbench's API: 50 concurrent clients
//! score the 罗湖 card (`POST /api/score`) against a server on 127.0.0.1
//! for a few seconds, then the latency percentiles and errors are printed.
//!
//! ```sh
//! cargo run --release --example serve_load [SECONDS]
//! ```

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

const CLIENTS: usize = 50;
/// No client sends more than this many requests, however fast the server.
const MAX_REQUESTS_PER_CLIENT: usize = 100_000;

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

/// One client's loop until `until`: each request's latency, and the errors.
async fn client(
    client: HttpClient,
    uri: String,
    body: Bytes,
    until: Instant,
) -> (Vec<Duration>, Vec<String>) {
    let (mut latencies, mut errors) = (Vec::new(), Vec::new());
    for _ in 0..MAX_REQUESTS_PER_CLIENT {
        if Instant::now() >= until {
            break;
        }
        let request = axum::http::Request::post(&uri)
            .header("content-type", "application/json")
            .body(Full::new(body.clone()))
            .expect("a valid request");
        let started = Instant::now();
        match client.request(request).await {
            Ok(response) => {
                let status = response.status();
                let answer = response.into_body().collect().await.map(|b| b.to_bytes());
                latencies.push(started.elapsed());
                match answer {
                    Ok(bytes)
                        if status.is_success() && bytes.windows(7).any(|w| w == b"\"99.80\"") => {}
                    Ok(bytes) => errors.push(format!(
                        "{status}: {}",
                        String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
                    )),
                    Err(error) => errors.push(error.to_string()),
                }
            }
            Err(error) => errors.push(error.to_string()),
        }
    }
    (latencies, errors)
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
        .clamp(1, 60);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("bound");
    let config = jixiao::serve::Config::default();
    let concurrency = config.concurrency;
    let server =
        tokio::spawn(async move { axum::serve(listener, jixiao::serve::router(config)).await });
    let body = serde_json::json!({
        "ruleset": include_str!("../rulesets/luohu-2024.jx"),
        "facts": include_str!("luohu-2024.facts.toml"),
    });
    let body = Bytes::from(body.to_string());
    let http: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    let uri = format!("http://{addr}/api/score");
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|_| tokio::spawn(client(http.clone(), uri.clone(), body.clone(), until)))
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), Vec::new());
    for task in tasks {
        let (mine, failed) = task.await.expect("a client ran");
        latencies.extend(mine);
        errors.extend(failed);
    }
    let elapsed = started.elapsed();
    server.abort();
    latencies.sort();
    println!("jixiao serve 负载测试：{CLIENTS} 个并发客户端，POST /api/score（罗湖 2024），约 {seconds} 秒，同时评分上限 {concurrency}");
    println!(
        "  requests: {}  errors: {}  elapsed: {:.2}s  throughput: {:.1} req/s",
        latencies.len(),
        errors.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  latency p50: {:.1} ms  p99: {:.1} ms  max: {:.1} ms",
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    for error in errors.iter().take(5) {
        println!("  error: {error}");
    }
}
