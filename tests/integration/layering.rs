//! The house's walls: the core crate may not depend on anything that touches the window, the GPU, the sound
//! card, the async runtime or the machine. (Its clippy.toml forbids clocks and file I/O; .ci/run runs clippy.)

#[test]
fn the_core_crate_depends_on_nothing_of_the_shell() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/crates/core/Cargo.toml")).unwrap();
    let manifest: toml::Table = toml::from_str(&manifest).unwrap();
    let mut names: Vec<&str> = Vec::new();
    for section in ["dependencies", "build-dependencies"] {
        if let Some(deps) = manifest.get(section).and_then(|d| d.as_table()) {
            names.extend(deps.keys().map(String::as_str));
        }
    }
    const SHELL: &[&str] = &[
        "winit",
        "wgpu",
        "pixels",
        "softbuffer",
        "cpal",
        "alsa",
        "tokio",
        "fontdue",
        "cosmic-text",
        "image",
        "sysinfo",
        "directories",
        "clap",
        "anyhow",
        "nokhwa",
        "rustface",
        "pollster",
        "examday",
    ];
    let found: Vec<&&str> = names.iter().filter(|n| SHELL.contains(n)).collect();
    assert!(found.is_empty(), "the core depends on shell crates: {found:?}");
    assert!(names.contains(&"serde"), "the manifest was read: {names:?}");
}

#[test]
fn the_core_forbids_clocks_and_file_io_to_clippy() {
    let rules =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/crates/core/clippy.toml")).unwrap();
    for path in ["std::time::Instant::now", "std::time::SystemTime::now", "chrono::Utc::now", "std::fs::read"]
    {
        assert!(rules.contains(&format!("\"{path}\"")), "crates/core/clippy.toml does not forbid {path}");
    }
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(ci.contains("cargo clippy --all-targets -- -D warnings"), ".ci/run does not run clippy");
}
