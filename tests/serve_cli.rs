//! `jixiao serve` as a user starts it: it says where the page is, and the
//! page is there.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

/// The server, ended when the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_prints_its_address_and_serves_the_page() {
    let child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jixiao serve starts");
    let mut server = Server(child);
    let stderr = server.0.stderr.take().expect("piped");
    let mut first = String::new();
    BufReader::new(stderr)
        .read_line(&mut first)
        .expect("a line");
    // 工作台：http://127.0.0.1:PORT/（按 Ctrl-C 停止）
    let address = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    assert!(address.starts_with("127.0.0.1:"), "{first}");
    let mut stream = std::net::TcpStream::connect(address).expect("the server listens");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("request sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("a response");
    assert!(response.starts_with("HTTP/1.1 200"), "{response:.200}");
    assert!(
        response.contains("<title>jixiao 绩效规则工作台</title>"),
        "{response:.400}"
    );
}

#[test]
fn serve_says_why_when_it_cannot_listen() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = taken.local_addr().expect("bound").to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["serve", "--addr", &address])
        .output()
        .expect("jixiao runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("无法启动工作台"), "{stderr}");
}
