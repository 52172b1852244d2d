//! The camera thread's lifetime: `CameraHandle` owns the thread and stops it when dropped; `Stop` is the
//! thread's side, a wait that a drop interrupts at once (so quitting never hangs on a 2-second retry pause).

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a drop waits for the thread to notice: a camera stuck inside a driver call is left behind rather
/// than holding up the exit.
const JOIN_WAIT: Duration = Duration::from_secs(1);

/// A running camera: frames are captured and faces found on its own thread, reported through the sink given
/// to `camera::start`. Dropping it stops the thread and joins it.
pub struct CameraHandle {
    stop: Option<Sender<()>>,
    finished: Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

/// The camera thread's view of its handle: whether it has been told to stop.
pub struct Stop {
    told: Receiver<()>,
    /// Dropped when the thread ends, which tells the handle it can join without waiting.
    _finished: Sender<()>,
}

impl Stop {
    /// Waits up to `time`; true if the handle was dropped meanwhile (or before).
    pub fn wait(&self, time: Duration) -> bool {
        !matches!(self.told.recv_timeout(time), Err(RecvTimeoutError::Timeout))
    }

    /// True if the handle was dropped.
    pub fn stopped(&self) -> bool {
        !matches!(self.told.try_recv(), Err(TryRecvError::Empty))
    }
}

impl CameraHandle {
    /// Starts `body` on a thread named `name`, handing it the `Stop` it must watch.
    pub fn spawn(name: &str, body: impl FnOnce(Stop) + Send + 'static) -> std::io::Result<Self> {
        let (stop, told) = mpsc::channel();
        let (finished_tx, finished) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || body(Stop { told, _finished: finished_tx }))?;
        Ok(CameraHandle { stop: Some(stop), finished, thread: Some(thread) })
    }
}

impl Drop for CameraHandle {
    fn drop(&mut self) {
        drop(self.stop.take());
        // The thread ends within a frame; if a driver call holds it longer, it is left to end on its own.
        if let Err(RecvTimeoutError::Disconnected) = self.finished.recv_timeout(JOIN_WAIT)
            && let Some(thread) = self.thread.take()
        {
            let _ = thread.join();
        }
    }
}
