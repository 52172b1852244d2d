//! The journal writer: durable, ordered, never blocking, never dropping a line when the disk fails.

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use examday::app::journal_writer::{FileSink, JournalWriter, Sink};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// Fails its first `failures` appends, then keeps what it is given.
struct FlakySink {
    failures: usize,
    kept: Arc<Mutex<Vec<u8>>>,
}

impl Sink for FlakySink {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.failures > 0 {
            self.failures -= 1;
            return Err(io::Error::new(io::ErrorKind::StorageFull, "No space left on device"));
        }
        self.kept.lock().unwrap().extend_from_slice(bytes);
        Ok(())
    }
}

#[test]
fn lines_reach_the_file_in_order() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let (sink, path) = FileSink::create(dir.path(), "20261126-090000-small.jsonl").unwrap();
    let writer = JournalWriter::spawn(rt.handle(), sink, path.clone());
    let lines: Vec<String> = (0..500).map(|i| format!("{{\"n\":{i}}}\n")).collect();
    for l in &lines {
        writer.write(l.clone());
    }
    rt.block_on(writer.flush());
    assert_eq!(writer.status().written, 500);
    assert_eq!(writer.status().pending, 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), lines.concat());
    rt.block_on(writer.close(Duration::from_secs(5))).unwrap();
}

#[test]
fn a_failing_disk_is_retried_and_reported_and_nothing_is_lost() {
    let rt = runtime();
    let kept = Arc::new(Mutex::new(Vec::new()));
    let writer =
        JournalWriter::spawn(rt.handle(), FlakySink { failures: 3, kept: kept.clone() }, "mem".into());
    writer.write("a\n".to_string());
    // While the disk fails, the status says so and the line stays queued.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while writer.status().failures == 0 && std::time::Instant::now() < deadline {
        std::thread::yield_now();
    }
    let status = writer.status();
    assert!(status.failures >= 1);
    assert_eq!(status.failing.as_deref(), Some("No space left on device"));
    writer.write("b\n".to_string());
    writer.write("c\n".to_string());
    rt.block_on(writer.flush());
    assert_eq!(String::from_utf8(kept.lock().unwrap().clone()).unwrap(), "a\nb\nc\n");
    let status = writer.status();
    assert_eq!((status.written, status.pending, status.failures, status.failing), (3, 0, 3, None));
}

#[test]
fn close_hands_back_what_could_not_be_written() {
    let rt = runtime();
    let kept = Arc::new(Mutex::new(Vec::new()));
    let writer = JournalWriter::spawn(rt.handle(), FlakySink { failures: usize::MAX, kept }, "mem".into());
    writer.write("a\n".to_string());
    writer.write("b\n".to_string());
    let unwritten = rt.block_on(writer.close(Duration::from_millis(300))).unwrap_err();
    assert_eq!(unwritten.lines, ["a\n", "b\n"]);
    assert_eq!(unwritten.to_string(), "2 journal lines could not be written to mem: No space left on device");
}

#[test]
fn a_journal_that_cannot_be_created_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let err = FileSink::create(&file.join("sessions"), "x.jsonl").err().unwrap();
    assert_eq!(err.kind(), io::ErrorKind::NotADirectory);
}

#[test]
fn a_taken_name_gets_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let (_a, first) = FileSink::create(dir.path(), "20261126-090000-x.jsonl").unwrap();
    let (_b, second) = FileSink::create(dir.path(), "20261126-090000-x.jsonl").unwrap();
    assert_eq!(first.file_name().unwrap(), "20261126-090000-x.jsonl");
    assert_eq!(second.file_name().unwrap(), "20261126-090000-x-2.jsonl");
}

#[test]
fn appending_after_a_crash_drops_the_cut_short_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    std::fs::write(&path, "one\ntwo\nthr").unwrap();
    let mut sink = FileSink::append_to(&path, 8).unwrap();
    sink.append(b"three\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\ntwo\nthree\n");
}
