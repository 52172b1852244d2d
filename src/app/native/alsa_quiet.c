/* ALSA's error handler is a C variadic function, which stable Rust cannot define: this is the one examday
 * installs (src/app/alsa.rs), and it drops the message. ALSA prints to stderr by default, eight lines of its
 * own internals on a machine without a sound card; examday says in one line of its own that there is no sound. */

void examday_alsa_quiet(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file;
    (void)line;
    (void)function;
    (void)err;
    (void)fmt;
}
