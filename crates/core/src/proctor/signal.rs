//! What the shell tells the proctor about the window and the candidate, with no window types in sight.

/// A fact about the window or the candidate's input, as the OS reported it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    FocusLost,
    FocusGained,
    /// Any input: a key, a click, a wheel turn, the pointer moving.
    Input,
    PointerLeft,
    PointerEntered,
    Occluded,
    Visible,
    /// Alt+F4, the window manager's close button, `wmctrl -c`.
    CloseRequested,
    /// What the camera saw in one frame: faces in view, and how many of them face the screen.
    Sight {
        faces: u8,
        frontal: u8,
    },
    /// What the microphone heard in one block: milliseconds of speech in it, and whether a loud sudden sound.
    Heard {
        speech_ms: u16,
        spike: bool,
    },
}

/// A tone for the shell to play.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Beep {
    /// A warning: focus lost, idle, time warning.
    Warning,
    /// While the window is away, every few seconds.
    Reminder,
}
