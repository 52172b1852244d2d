//! What the Debian package ships (`[package.metadata.deb]` in Cargo.toml): the manual pages and completion
//! scripts in assets/ are what the binary prints, and the list of crates and their licences is Cargo.lock's
//! (`EXAMDAY_BLESS=1` rewrites them); every one of them is in the package's asset list, the launcher passes
//! desktop-file-validate, and the icons are the sizes they say.
//! `.ci/run` builds the package itself and installs it (scripts/package-check.sh).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// What `examday ARGS` prints, which must succeed.
fn examday(args: &[&str]) -> String {
    let out = crate::cli::examday(args);
    assert_eq!(out.status.code(), Some(0), "examday {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The file in the repository must hold `printed`; with EXAMDAY_BLESS it is rewritten. Returns a complaint.
fn same_as_printed(file: &str, printed: &str) -> Option<String> {
    let path = repo(file);
    if std::env::var_os("EXAMDAY_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, printed).unwrap();
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(text) if text == printed => None,
        Ok(_) => Some(format!("{file} is not what examday prints now")),
        Err(e) => Some(format!("{file}: {e}")),
    }
}

/// Pages: examday.1 and examday-COMMAND.1 for each command, exactly these.
fn man_pages() -> Vec<(String, Vec<String>)> {
    let mut pages = vec![("examday.1".to_string(), vec![])];
    for command in examday::cli::manual::commands() {
        pages.push((format!("examday-{command}.1"), vec![command]));
    }
    pages
}

#[test]
fn the_packaged_manual_pages_and_completions_are_what_examday_prints() {
    let mut stale = Vec::new();
    for (file, command) in man_pages() {
        let args: Vec<&str> = ["man"].into_iter().chain(command.iter().map(String::as_str)).collect();
        stale.extend(same_as_printed(&format!("assets/man/{file}"), &examday(&args)));
    }
    for (shell, file) in [("bash", "examday.bash"), ("zsh", "_examday"), ("fish", "examday.fish")] {
        stale.extend(same_as_printed(
            &format!("assets/completions/{file}"),
            &examday(&["completions", shell]),
        ));
    }
    // No page left behind for a command that is gone.
    let expected: Vec<String> = man_pages().into_iter().map(|(f, _)| f).collect();
    for entry in std::fs::read_dir(repo("assets/man")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !expected.contains(&name) {
            stale.push(format!("assets/man/{name} is the page of no command"));
        }
    }
    assert!(stale.is_empty(), "{}\n(EXAMDAY_BLESS=1 cargo test package rewrites them)", stale.join("\n"));
}

#[test]
fn the_manual_names_a_missing_command_and_lists_the_pages() {
    let out = crate::cli::examday(&["man", "revue"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("there is no command `revue`"), "{err}");
    assert!(err.contains("examday-review"), "{err}");
    let page = examday(&["man"]);
    for section in [".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES", ".SH \"SEE ALSO\""]
    {
        assert!(page.contains(section), "examday(1) has {section}");
    }
    assert!(page.find(".SH \"SEE ALSO\"") < page.find(".SH VERSION"), "SEE ALSO comes before VERSION");
    assert!(page.contains("examday\\-review"), "SEE ALSO names examday-review(1)");
}

fn metadata() -> toml::Table {
    let manifest: toml::Table = std::fs::read_to_string(repo("Cargo.toml")).unwrap().parse().unwrap();
    manifest["package"]["metadata"]["deb"].as_table().unwrap().clone()
}

/// Every asset's source exists, and every file the package should carry is among the sources.
#[test]
fn the_package_carries_every_page_completion_icon_and_licence() {
    let deb = metadata();
    let assets = deb["assets"].as_array().unwrap();
    let mut sources = Vec::new();
    for asset in assets {
        let asset = asset.as_array().unwrap();
        let (source, target) = (asset[0].as_str().unwrap(), asset[1].as_str().unwrap());
        assert!(!target.starts_with('/'), "{target}: cargo-deb targets are relative to /");
        if source.starts_with("target/release/") {
            continue;
        }
        if let Some(dir) = source.strip_suffix("/*.1") {
            for entry in std::fs::read_dir(repo(dir)).unwrap() {
                sources.push(format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy()));
            }
            continue;
        }
        assert!(repo(source).is_file(), "{source}: in the package's assets but not in the repository");
        sources.push(source.to_string());
    }
    let mut wanted: Vec<String> = man_pages().into_iter().map(|(f, _)| format!("assets/man/{f}")).collect();
    wanted.extend(
        [
            "assets/desktop/examday.desktop",
            "assets/icons/examday.svg",
            "assets/completions/examday.bash",
            "assets/completions/_examday",
            "assets/completions/examday.fish",
            "assets/fonts/LICENSE-Inter.txt",
            "assets/models/LICENSE-rustface",
        ]
        .map(String::from),
    );
    wanted.extend(ICON_SIZES.map(|n| format!("assets/icons/hicolor/{n}x{n}/apps/examday.png")));
    for file in &wanted {
        assert!(sources.contains(file), "{file} is not in [package.metadata.deb] assets");
    }
    // The machine-readable copyright file names what is built into the binary under other licences.
    let copyright = deb["license-file"][0].as_str().unwrap();
    let copyright = std::fs::read_to_string(repo(copyright)).unwrap();
    assert!(
        copyright.starts_with("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
    );
    for part in ["License: MIT", "License: OFL-1.1", "License: BSD-2-Clause", "Inter", "seeta_fd_frontal"] {
        assert!(copyright.contains(part), "the copyright file names {part}");
    }
    let depends = deb["depends"].as_str().unwrap();
    assert!(depends.contains("$auto"), "ALSA and libc come from dpkg-shlibdeps: {depends}");
    assert!(depends.contains("libxkbcommon-x11-0"), "winit loads xkbcommon at run time: {depends}");
    assert!(!depends.contains("vulkan"), "Vulkan is a recommendation, not a dependency: {depends}");
    assert!(deb["recommends"].as_str().unwrap().contains("libvulkan1"));
}

const ICON_SIZES: [u32; 5] = [48, 64, 128, 256, 512];

#[test]
fn the_icons_are_the_sizes_their_folders_say() {
    for n in ICON_SIZES {
        let path = repo(&format!("assets/icons/hicolor/{n}x{n}/apps/examday.png"));
        let icon = image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!((icon.width(), icon.height()), (n, n), "{}", path.display());
        // Drawn, not blank: the corners are transparent and the middle is not.
        let rgba = icon.to_rgba8();
        assert_eq!(rgba.get_pixel(0, 0)[3], 0, "{}: a transparent corner", path.display());
        assert_eq!(rgba.get_pixel(n / 2, n / 2)[3], 255, "{}: an opaque middle", path.display());
    }
    let svg = std::fs::read_to_string(repo("assets/icons/examday.svg")).unwrap();
    assert!(svg.contains(r#"viewBox="0 0 512 512""#), "a square drawing");
}

#[test]
fn the_launcher_passes_desktop_file_validate() {
    let file = repo("assets/desktop/examday.desktop");
    let out = Command::new("desktop-file-validate")
        .arg(&file)
        .output()
        .expect("desktop-file-validate runs (apt-get install desktop-file-utils; see README)");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
    let text = std::fs::read_to_string(&file).unwrap();
    for line in ["Exec=examday", "Icon=examday", "Categories=Education;", "StartupWMClass=examday"] {
        assert!(text.lines().any(|l| l == line), "{line}");
    }
}

/// The Rust crates built into the binary, each with its licence and the licence files it ships: what the
/// package carries as /usr/share/doc/examday/third-party-licences.txt. Kept equal to Cargo.lock here
/// (`EXAMDAY_BLESS=1` rewrites it); the crates are those of an x86_64 Linux build, read with `cargo metadata`
/// (a package built for another architecture may link a few crates more or fewer).
#[test]
fn the_package_names_every_crate_built_into_examday_with_its_licence() {
    let file = "assets/debian/third-party-licences.txt";
    let complaint = same_as_printed(file, &third_party_licences());
    assert!(
        complaint.is_none(),
        "{}: Cargo.lock changed (EXAMDAY_BLESS=1 cargo test package rewrites it)",
        file
    );
    let sources: Vec<String> =
        metadata()["assets"].as_array().unwrap().iter().map(|a| a[0].as_str().unwrap().to_string()).collect();
    assert!(sources.iter().any(|s| s == file), "{file} is not in [package.metadata.deb] assets");
}

fn third_party_licences() -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--offline",
            "--format-version",
            "1",
            "--filter-platform",
            "x86_64-unknown-linux-gnu",
        ])
        .arg("--manifest-path")
        .arg(repo("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages: std::collections::HashMap<&str, &serde_json::Value> =
        meta["packages"].as_array().unwrap().iter().map(|p| (p["id"].as_str().unwrap(), p)).collect();
    let nodes: std::collections::HashMap<&str, &serde_json::Value> =
        meta["resolve"]["nodes"].as_array().unwrap().iter().map(|n| (n["id"].as_str().unwrap(), n)).collect();
    let root = packages.values().find(|p| p["name"] == "examday").unwrap()["id"].as_str().unwrap();
    // What the binary links: the normal dependencies of examday, and theirs; not build or dev dependencies,
    // nor procedural macros (they run in the compiler), nor what only they use.
    let proc_macro = |id: &str| {
        packages[id]["targets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["kind"].as_array().unwrap().contains(&"proc-macro".into()))
    };
    let mut linked = std::collections::BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"].is_null());
            let dep_id = dep["pkg"].as_str().unwrap();
            if normal && !proc_macro(dep_id) && linked.insert(dep_id) {
                stack.push(dep_id);
            }
        }
    }
    let mut crates: Vec<&serde_json::Value> =
        linked.iter().map(|id| packages[id]).filter(|p| !p["source"].is_null()).collect();
    crates.sort_by_key(|p| (p["name"].as_str().unwrap(), p["version"].as_str().unwrap()));
    let mut texts: Vec<String> = Vec::new();
    let mut listing = String::new();
    for p in &crates {
        let dir = Path::new(p["manifest_path"].as_str().unwrap()).parent().unwrap();
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                let upper = n.to_uppercase();
                ["LICENSE", "LICENCE", "COPYING", "COPYRIGHT", "NOTICE", "UNLICENSE"]
                    .iter()
                    .any(|s| upper.starts_with(s))
            })
            .collect();
        files.sort();
        let mut refs = Vec::new();
        for name in &files {
            let text = String::from_utf8_lossy(&std::fs::read(dir.join(name)).unwrap()).replace("\r\n", "\n");
            let text = text.trim_end().to_string();
            // The same text laid out differently (the Apache licence comes in many widths) is printed once.
            let n = texts
                .iter()
                .position(|t| t.split_whitespace().eq(text.split_whitespace()))
                .unwrap_or_else(|| {
                    texts.push(text);
                    texts.len() - 1
                });
            refs.push(format!("{name} [{}]", n + 1));
        }
        let licence = p["license"].as_str().unwrap_or("(none given)");
        let authors: Vec<&str> = p["authors"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        listing.push_str(&format!(
            "{} {}\n  Licence: {licence}\n",
            p["name"].as_str().unwrap(),
            p["version"].as_str().unwrap()
        ));
        if !authors.is_empty() {
            listing.push_str(&format!("  Authors: {}\n", authors.join(", ")));
        }
        if refs.is_empty() {
            listing.push_str(
                "  Licence files: none ship with the crate; its licence is the standard text of the above\n",
            );
        } else {
            listing.push_str(&format!("  Licence files: {}\n", refs.join(", ")));
        }
    }
    let mut doc = format!(
        "The Rust crates built into examday {}, each with the licence its Cargo.toml gives, its authors, and the\n\
         licence files it ships, whose texts follow, numbered, each once. Written from Cargo.lock by\n\
         tests/integration/package.rs.\n\n",
        env!("CARGO_PKG_VERSION")
    );
    doc.push_str(&listing);
    for (i, text) in texts.iter().enumerate() {
        doc.push_str(&format!("\n======== [{}] ========\n\n{text}\n", i + 1));
    }
    doc
}
