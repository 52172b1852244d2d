//! Embeds the commit examday was built from (`examday --version`, and every journal's `app_version`), when built
//! from a git checkout; "unknown commit" otherwise (a source tarball, `cargo install` from a registry). On Linux
//! it also compiles the one C function examday has: ALSA's quiet error handler (src/app/alsa.rs).

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .map_or_else(|| "unknown commit".to_string(), |c| format!("commit {c}"));
    println!("cargo:rustc-env=EXAMDAY_COMMIT={commit}");
    // Built again when the checkout moves to another commit.
    for path in [".git/HEAD", ".git/index"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
    // ALSA's quiet error handler (src/app/alsa.rs).
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        cc::Build::new().file("src/app/native/alsa_quiet.c").warnings(true).compile("examday_alsa_quiet");
        println!("cargo:rerun-if-changed=src/app/native/alsa_quiet.c");
    }
}
