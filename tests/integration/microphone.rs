//! The real capture path, without a sound card: the test starts its own PulseAudio (private runtime folder and
//! socket) with a null sink whose monitor is the default source, points ALSA at it, runs `examday listen` (cpal,
//! the audio callback, the detector, the sink) in a child process with that environment, and plays sound
//! fixtures into the sink with paplay: the candidate talking, then mains hum. It waits on the blocks the app
//! prints, never on the clock, and stops only the processes it started. Needs pulseaudio, pulseaudio-utils and
//! libasound2-plugins (see README).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::Value;

use crate::support::fixture;

/// Generous: a loaded two-core machine may take long to start a server or a process; nothing here is timed.
const PATIENCE: Duration = Duration::from_secs(90);
/// A block louder than this has the played sound in it (the null sink is digital silence otherwise).
const SOUNDING_DB: f64 = -60.0;

/// A PulseAudio server of the test's own, stopped on drop.
pub struct Pulse {
    dir: tempfile::TempDir,
}

impl Pulse {
    pub fn start() -> Pulse {
        let dir = tempfile::tempdir().unwrap();
        let pulse = Pulse { dir };
        std::fs::write(
            pulse.path("asound.conf"),
            "</usr/share/alsa/alsa.conf>\npcm.!default { type pulse }\nctl.!default { type pulse }\n",
        )
        .unwrap();
        // As root PulseAudio warns that it is not meant to be, and runs.
        let started = pulse
            .command("pulseaudio")
            .env_remove("PULSE_SERVER")
            .args(["-n", "--daemonize=yes", "--exit-idle-time=-1", "--load=module-native-protocol-unix"])
            .arg("--load=module-null-sink sink_name=mic")
            .stderr(Stdio::null())
            .status()
            .expect("pulseaudio runs (apt-get install pulseaudio pulseaudio-utils libasound2-plugins; see README)");
        assert!(started.success(), "pulseaudio did not start: {started}");
        let default_source =
            pulse.command("pactl").args(["set-default-source", "mic.monitor"]).output().unwrap();
        assert!(
            default_source.status.success(),
            "pactl: {}",
            String::from_utf8_lossy(&default_source.stderr)
        );
        pulse
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A command that talks to this server only (and whose ALSA default is this server).
    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("HOME", self.dir.path())
            .env("XDG_RUNTIME_DIR", self.dir.path())
            .env("PULSE_RUNTIME_PATH", self.path("pulse"))
            .env("PULSE_SERVER", format!("unix:{}", self.path("pulse/native").display()))
            .env("ALSA_CONFIG_PATH", self.path("asound.conf"))
            .stdin(Stdio::null());
        c
    }

    /// Plays a sound fixture into the microphone and returns when it has been played.
    pub fn play(&self, name: &str) {
        let played =
            self.command("paplay").args(["-d", "mic"]).arg(fixture(&format!("sound/{name}"))).output();
        let played = played.expect("paplay runs (apt-get install pulseaudio-utils)");
        assert!(played.status.success(), "paplay {name}: {}", String::from_utf8_lossy(&played.stderr));
    }

    fn pid(&self) -> Option<u32> {
        std::fs::read_to_string(self.path("pulse/pid")).ok()?.trim().parse().ok()
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        let pid = self.pid();
        let _ = self.command("pactl").arg("exit").stderr(Stdio::null()).status();
        let Some(pid) = pid else { return };
        let gone = || !PathBuf::from(format!("/proc/{pid}")).exists();
        for _ in 0..100 {
            if gone() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        // Ours (its pid file is in our folder), and it did not exit when asked.
        let _ = Command::new("kill").arg(pid.to_string()).status();
    }
}

/// `examday listen --levels` on the test's server: every 200 ms block, as JSON lines.
struct Listener {
    child: Child,
    lines: Receiver<Value>,
    stderr: PathBuf,
}

impl Listener {
    fn start(pulse: &Pulse) -> Listener {
        let stderr = pulse.path("listen.stderr");
        let mut child = pulse
            .command(env!("CARGO_BIN_EXE_examday"))
            .args(["listen", "--levels", "--seconds", "900"])
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                let value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Listener { child, lines, stderr }
    }

    fn next(&self, waiting_for: &str) -> Value {
        self.lines.recv_timeout(PATIENCE).unwrap_or_else(|_| {
            let stderr = std::fs::read_to_string(&self.stderr).unwrap_or_default();
            panic!("no line from examday listen while waiting for {waiting_for}; its stderr:\n{stderr}")
        })
    }

    /// Blocks heard while `play` runs and for two seconds of sound after it (ten blocks: counted, not timed).
    fn during(&self, play: impl FnOnce()) -> Vec<Value> {
        // What was heard before is not this sound's.
        while self.lines.try_recv().is_ok() {}
        play();
        let mut blocks: Vec<Value> = self.lines.try_iter().collect();
        for _ in 0..10 {
            blocks.push(self.next("the blocks after the sound"));
        }
        assert!(blocks.iter().all(|b| b.get("lost").is_none()), "the stream was lost: {blocks:?}");
        blocks
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn speech_ms(blocks: &[Value]) -> u64 {
    blocks.iter().filter_map(|b| b["speech_ms"].as_u64()).sum()
}

fn sounding(blocks: &[Value]) -> usize {
    blocks.iter().filter(|b| b["level_db"].as_f64().is_some_and(|db| db > SOUNDING_DB)).count()
}

#[test]
fn the_microphone_hears_words_played_into_it_and_not_hum() {
    let pulse = Pulse::start();
    let listener = Listener::start(&pulse);
    let opened = listener.next("the microphone to open");
    assert!(opened["opened"].is_string(), "the first line names the input: {opened}");

    let words = listener.during(|| pulse.play("words.wav"));
    // 4.5 s of words: about 22 blocks with sound in them, most of them speech.
    assert!(sounding(&words) >= 15, "the words did not reach the microphone: {words:?}");
    assert!(speech_ms(&words) >= 2_000, "{} ms of speech heard in the words: {words:?}", speech_ms(&words));

    let hum = listener.during(|| pulse.play("hum.wav"));
    assert!(sounding(&hum) >= 25, "the hum did not reach the microphone: {hum:?}");
    // A hum switched on out of digital silence may pass for a voice for a quarter of a second before it
    // becomes the noise floor (the detector's documented STEADY_FRAMES); 6 s of it must not.
    assert!(speech_ms(&hum) <= 300, "{} ms of the hum heard as speech: {hum:?}", speech_ms(&hum));
    assert!(hum.iter().all(|b| b["spike"] == false), "the hum heard as a spike: {hum:?}");
}
