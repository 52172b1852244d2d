//! Keeps ALSA's own error printing out of the terminal. With no sound card, opening the default device makes
//! alsa-lib print eight lines of its configuration internals to stderr before the window opens; examday says
//! instead, once and in its own words, that warnings will be silent (`Audio::new`, the check-in screen).
//! `EXAMDAY_TRACE` leaves ALSA's printing on, for debugging a sound setup.

use std::ffi::{c_char, c_int};

unsafe extern "C" {
    /// src/app/native/alsa_quiet.c: a handler that drops the message (a variadic function, written in C).
    fn examday_alsa_quiet(
        file: *const c_char,
        line: c_int,
        function: *const c_char,
        err: c_int,
        fmt: *const c_char,
        ...
    );
}

/// Installs the quiet handler for the whole process, every thread; call it before anything opens a device.
pub fn silence_errors() {
    if std::env::var_os("EXAMDAY_TRACE").is_some() {
        return;
    }
    // SAFETY: the handler has exactly the C signature alsa-lib declares (snd_lib_error_handler_t), lives for
    // the whole process, and reads none of its arguments. alsa-lib stores the pointer in a global.
    unsafe {
        alsa_sys::snd_lib_error_set_handler(Some(examday_alsa_quiet));
    }
}
