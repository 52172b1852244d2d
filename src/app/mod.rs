//! The shell: everything that touches the OS (files, the async runtime, the window, the sound card), turning
//! it into inputs of the core's [`crate::driver::Driver`] and carrying out its effects. `draw` is pure and
//! tested without a window; winit stays in `window`, pixels/wgpu in `gpu`, cpal in `audio`
//! (the speaker) and `microphone`.

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub mod alsa;
pub mod audio;
pub mod bank;
pub mod bundled;
pub mod camera;
pub mod checks;
pub mod draw;
pub mod exam_file;
pub mod gpu;
pub mod journal_lock;
pub mod journal_writer;
pub mod journals;
pub mod launch;
pub mod microphone;
pub mod paths;
pub mod window;
