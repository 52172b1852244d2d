//! The camera half of the proctor's eyes: faces found on the fixture frames (tests/fixtures/camera/README.md
//! says how each was made), the finder's shortcuts agreeing with a full search, the folder player, `--camera`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use examday::app::camera::detect::{FULL_SEARCH_EVERY, Search};
use examday::app::camera::frames::FramePlayer;
use examday::app::camera::{self, CameraChoice, CameraError, CameraReport, Face, FaceFinder, GreyFrame};

use crate::support::fixture;

fn frame(name: &str) -> GreyFrame {
    let path = fixture("camera").join(name);
    GreyFrame::from_image(&image::open(&path).expect("the fixture decodes")).expect("the fixture has pixels")
}

fn summary(faces: &[Face]) -> Vec<bool> {
    faces.iter().map(|f| f.frontal).collect()
}

/// Two answers agree: the same faces, frontal alike, placed within a tenth of their size (a search of part of
/// the frame meets the pyramid's grid at other offsets, so boxes move by a few pixels), scores within a quarter.
fn assert_agree(shortcut: &[Face], full: &[Face]) {
    assert_eq!(summary(shortcut), summary(full), "shortcut {shortcut:?}, full {full:?}");
    for (a, b) in shortcut.iter().zip(full) {
        let near = b.width.div_ceil(10);
        for (p, q) in [(a.x, b.x), (a.y, b.y), (a.width, b.width), (a.height, b.height)] {
            assert!(p.abs_diff(q) <= near, "shortcut {a:?}, full {b:?}");
        }
        assert!((a.score - b.score).abs() <= 0.25 * b.score, "shortcut {a:?}, full {b:?}");
    }
}

#[test]
fn each_fixture_shows_its_faces_and_whether_they_look_at_the_screen() {
    let mut finder = FaceFinder::new().unwrap();
    // (file, one entry a face: frontal or only seen)
    let expected: &[(&str, &[bool])] = &[
        ("face.png", &[true]),
        ("empty.png", &[]),
        ("two.png", &[true, true]),
        ("rotated.png", &[]),
        ("edge.png", &[false]),
        ("dim.png", &[true]),
        ("turned.png", &[false]),
    ];
    for (name, faces) in expected {
        let found = finder.search_full(&frame(name));
        assert_eq!(summary(&found), *faces, "{name}: {found:?}");
    }
}

#[test]
fn a_face_is_reported_in_the_frame_where_it_is() {
    let mut finder = FaceFinder::new().unwrap();
    let found = finder.search_full(&frame("face.png"));
    let f = &found[0];
    // The astronaut's face is in the upper middle of the frame, about a quarter of its width.
    assert!((100..140).contains(&f.x) && (25..70).contains(&f.y), "{f:?}");
    assert!((60..100).contains(&f.width) && f.width == f.height, "{f:?}");
    let edge = finder.search_full(&frame("edge.png"));
    assert_eq!(edge[0].x, 0, "a face cut by the left edge is clipped to the frame: {edge:?}");
}

#[test]
fn an_unchanged_frame_is_skipped_with_the_same_answer_as_a_full_search() {
    let mut finder = FaceFinder::new().unwrap();
    let face = frame("face.png");
    let first = finder.find(&face);
    assert_eq!(finder.last_search(), Search::Full);
    // The same frame with a little sensor noise: nothing moved.
    let noisy = GreyFrame::new(
        face.width(),
        face.height(),
        face.pixels().iter().enumerate().map(|(i, &p)| p.saturating_add((i % 3) as u8)).collect(),
    )
    .unwrap();
    let again = finder.find(&noisy);
    assert_eq!(finder.last_search(), Search::Skipped);
    assert_eq!(again, first);
    assert_agree(&again, &FaceFinder::new().unwrap().search_full(&noisy));
    // The empty room after the face: a changed frame is searched again.
    assert!(finder.find(&frame("empty.png")).is_empty());
    assert_ne!(finder.last_search(), Search::Skipped);
}

/// `frame` with the pixels of `r` (x, y, width, height) moved `dx` to the right and brightened by `lift`.
fn moved_within(frame: &GreyFrame, (x, y, w, h): (u32, u32, u32, u32), dx: u32, lift: u8) -> GreyFrame {
    let width = frame.width();
    let mut pixels = frame.pixels().to_vec();
    for row in y..y + h {
        for col in (x + dx..x + w).rev() {
            let from = (row * width + col - dx) as usize;
            pixels[(row * width + col) as usize] = frame.pixels()[from].saturating_add(lift);
        }
    }
    GreyFrame::new(width, frame.height(), pixels).unwrap()
}

#[test]
fn the_region_around_the_last_face_finds_what_a_full_search_finds() {
    let mut finder = FaceFinder::new().unwrap();
    let face = frame("face.png");
    let before = finder.find(&face)[0].clone();
    // The candidate moves a little: only the area around the face changes.
    let moved =
        moved_within(&face, (before.x - 10, before.y - 10, before.width + 20, before.height + 20), 4, 12);
    let region = finder.find(&moved);
    assert_eq!(finder.last_search(), Search::Region);
    assert_agree(&region, &FaceFinder::new().unwrap().search_full(&moved));
}

#[test]
fn a_second_face_appearing_elsewhere_is_found_at_once() {
    let mut finder = FaceFinder::new().unwrap();
    let face = frame("face.png");
    assert_eq!(finder.find(&face).len(), 1);
    // Someone else comes into view at the bottom left: the astronaut's face pasted there.
    let (width, mut pixels) = (face.width(), face.pixels().to_vec());
    for row in 0..100 {
        for col in 0..100 {
            pixels[((row + 135) * width + col) as usize] =
                face.pixels()[((row + 35) * width + col + 112) as usize];
        }
    }
    let two = GreyFrame::new(width, face.height(), pixels).unwrap();
    let found = finder.find(&two);
    assert_eq!(finder.last_search(), Search::Full);
    assert_eq!(summary(&found), [true, true], "{found:?}");
}

#[test]
fn a_full_search_comes_back_within_the_promised_number_of_frames() {
    let mut finder = FaceFinder::new().unwrap();
    let face = frame("face.png");
    let f = finder.find(&face)[0].clone();
    let mut searches = Vec::new();
    for i in 0..2 * FULL_SEARCH_EVERY {
        // Each frame moves the face area a little more, so none is skipped.
        let moved = moved_within(
            &face,
            (f.x - 10, f.y - 10, f.width + 20, f.height + 20),
            1 + i % 3,
            12 * (i % 2) as u8 + 3,
        );
        finder.find(&moved);
        searches.push(finder.last_search());
    }
    assert!(searches.contains(&Search::Region), "{searches:?}");
    for window in searches.windows(FULL_SEARCH_EVERY as usize) {
        assert!(window.iter().any(|s| *s != Search::Region), "{searches:?}");
    }
}

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, from) in files {
        let target = dir.path().join(name);
        if from.is_empty() {
            std::fs::write(&target, b"not a picture").unwrap();
        } else {
            std::fs::copy(fixture("camera").join(from), &target).unwrap();
        }
    }
    dir
}

fn names(player: &FramePlayer) -> Vec<String> {
    player.files().iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
}

#[test]
fn a_folder_plays_in_natural_name_order_then_holds_its_last_frame() {
    let dir = folder(&[
        ("frame10.png", "empty.png"),
        ("frame9.png", "empty.png"),
        ("frame2.PNG", "two.png"),
        ("frame1.JPG", "face.png"),
        ("notes.txt", "face.png"),
    ]);
    // notes.txt is not a picture's name (left out); frame1.JPG is a PNG under a JPEG name (read by content).
    let mut player = FramePlayer::open(dir.path()).unwrap();
    assert_eq!(names(&player), ["frame1.JPG", "frame2.PNG", "frame9.png", "frame10.png"]);
    let played: Vec<Arc<GreyFrame>> = (0..6).map(|_| player.next_frame().unwrap()).collect();
    assert_eq!(*played[0], frame("face.png"), "a PNG named .JPG is read by its content");
    assert_eq!(*played[1], frame("two.png"));
    assert_eq!(*played[3], frame("empty.png"));
    assert!(Arc::ptr_eq(&played[3], &played[4]) && Arc::ptr_eq(&played[4], &played[5]), "the last is held");
}

fn message(e: CameraError) -> String {
    e.to_string()
}

#[test]
fn folders_that_cannot_be_played_are_errors_naming_them() {
    let empty = folder(&[("readme.txt", "face.png")]);
    let e = message(FramePlayer::open(empty.path()).err().unwrap());
    assert!(e.contains(&empty.path().display().to_string()) && e.contains("no PNG or JPEG"), "{e}");

    let missing = empty.path().join("nowhere");
    let e = message(FramePlayer::open(&missing).err().unwrap());
    assert!(e.contains(&missing.display().to_string()) && e.contains("cannot read the folder"), "{e}");

    let broken = folder(&[("a.png", ""), ("b.png", "face.png")]);
    let e = message(FramePlayer::open(broken.path()).err().unwrap());
    assert!(e.contains(&broken.path().join("a.png").display().to_string()), "{e}");
}

#[test]
fn a_broken_picture_mid_run_is_an_error_naming_it_and_play_goes_on() {
    let dir = folder(&[("1.png", "face.png"), ("2.png", ""), ("3.png", "empty.png")]);
    let mut player = FramePlayer::open(dir.path()).unwrap();
    assert_eq!(*player.next_frame().unwrap(), frame("face.png"));
    let e = message(player.next_frame().err().unwrap());
    assert!(e.contains(&dir.path().join("2.png").display().to_string()), "{e}");
    assert_eq!(*player.next_frame().unwrap(), frame("empty.png"));
}

#[test]
fn camera_choices_parse_and_bad_ones_say_what_is_wrong() {
    let ok = |s: &str| s.parse::<CameraChoice>().unwrap();
    assert_eq!(ok("auto"), CameraChoice::Auto);
    assert_eq!(ok("OFF"), CameraChoice::Off);
    assert_eq!(ok("0"), CameraChoice::Device("0".into()));
    assert_eq!(ok("Logitech C920"), CameraChoice::Device("Logitech C920".into()));
    assert_eq!(ok("frames:shots"), CameraChoice::Frames { dir: PathBuf::from("shots"), fps: 2.0 });
    assert_eq!(ok("frames:shots@5"), CameraChoice::Frames { dir: PathBuf::from("shots"), fps: 5.0 });
    assert_eq!(ok("frames:a@b@0.5"), CameraChoice::Frames { dir: PathBuf::from("a@b"), fps: 0.5 });
    for (bad, says) in [
        ("", "name a camera"),
        ("frames:", "needs a folder"),
        ("frames:@2", "needs a folder"),
        ("frames:shots@0", "out of range"),
        ("frames:shots@-1", "out of range"),
        ("frames:shots@31", "out of range"),
        ("frames:shots@nan", "out of range"),
        ("frames:shots@fast", "\"fast\" after @ is not a number"),
    ] {
        let e = bad.parse::<CameraChoice>().err().map(message).unwrap_or_default();
        assert!(e.contains(says) && e.contains(&format!("--camera {bad:?}")), "{bad:?}: {e}");
    }
}

/// Starts `choice` with a sink that forwards every report to the returned channel.
fn started(
    choice: &CameraChoice,
) -> (Result<Option<camera::CameraHandle>, CameraError>, mpsc::Receiver<CameraReport>) {
    let (tx, rx) = mpsc::channel();
    let handle = camera::start(choice, Box::new(move |r| drop(tx.send(r))));
    (handle, rx)
}

/// The next report; the generous limit only keeps a broken thread from hanging the test run.
fn next(rx: &mpsc::Receiver<CameraReport>) -> CameraReport {
    rx.recv_timeout(Duration::from_secs(60)).expect("the camera thread reports")
}

#[test]
fn a_folder_camera_reports_opened_then_looks_with_their_faces_and_stops_on_drop() {
    let dir = folder(&[("1.png", "face.png"), ("2.png", "two.png"), ("3.png", ""), ("4.png", "empty.png")]);
    let choice = CameraChoice::Frames { dir: dir.path().to_path_buf(), fps: 30.0 };
    let (handle, rx) = started(&choice);
    let handle = handle.unwrap().expect("a folder always plays");
    assert!(
        matches!(next(&rx), CameraReport::Opened { name } if name.contains(&dir.path().display().to_string()))
    );
    let mut faces = Vec::new();
    for _ in 0..2 {
        match next(&rx) {
            CameraReport::Look(look) => faces.push(look.faces.len()),
            other => panic!("expected a look, got {other:?}"),
        }
    }
    assert_eq!(faces, [1, 2]);
    assert!(matches!(next(&rx), CameraReport::Lost { why } if why.contains("3.png")));
    assert!(matches!(next(&rx), CameraReport::Back));
    assert!(matches!(next(&rx), CameraReport::Look(look) if look.faces.is_empty()));
    drop(handle);
    // The thread has ended: its sink (and so the sender) is gone once the queue drains.
    while rx.recv_timeout(Duration::from_secs(60)).is_ok() {}
}

#[test]
fn no_camera_is_ok_none_with_the_reason_and_a_missing_device_lists_what_was_found() {
    let (handle, rx) = started(&CameraChoice::Off);
    assert!(handle.unwrap().is_none());
    assert!(matches!(next(&rx), CameraReport::Off { why } if why.contains("off")));

    let (handle, _rx) = started(&CameraChoice::Frames { dir: fixture("camera"), fps: 0.0 });
    assert!(message(handle.err().unwrap()).contains("frame rate must be more than 0"));

    let (handle, _rx) = started(&CameraChoice::Device("no-such-camera-examday".into()));
    let e = message(handle.err().expect("a camera nobody has is an error"));
    assert!(
        e.contains("no camera matches \"no-such-camera-examday\"") && e.contains("cameras found:"),
        "{e}"
    );

    // Containers and CI have no camera: auto is then off, quietly, saying why.
    if camera::device::cameras().unwrap().is_empty() {
        let (handle, rx) = started(&CameraChoice::Auto);
        assert!(handle.unwrap().is_none());
        assert!(matches!(next(&rx), CameraReport::Off { why } if why == "no camera found"));
    }
}

#[test]
fn the_fixtures_stay_small_grey_pictures() {
    for entry in std::fs::read_dir(fixture("camera")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "png") {
            let size = std::fs::metadata(&path).unwrap().len();
            assert!(size < 64 * 1024, "{} is {size} bytes", path.display());
            assert!(
                matches!(image::open(&path).unwrap(), image::DynamicImage::ImageLuma8(_)),
                "{}",
                Path::new(&path).display()
            );
        }
    }
}
