//! What can go wrong with the camera before a sitting starts, as typed errors whose messages name the file,
//! the device or the option that is wrong. Trouble during a sitting is a `CameraReport::Lost`, not an error.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CameraError {
    #[error("--camera {given:?}: {why}")]
    BadChoice { given: String, why: String },
    #[error("camera frames: cannot read the folder {path}: {source}")]
    UnreadableFolder { path: PathBuf, source: std::io::Error },
    #[error("camera frames: the folder {path} holds no PNG or JPEG pictures")]
    EmptyFolder { path: PathBuf },
    #[error("camera frames: cannot read the picture {path}: {why}")]
    BadPicture { path: PathBuf, why: String },
    #[error("camera frames: the picture {path} is {width}x{height}; a frame needs at least 1x1 pixels")]
    EmptyPicture { path: PathBuf, width: u32, height: u32 },
    #[error("no camera matches {wanted:?}; cameras found: {found}")]
    NoSuchCamera { wanted: String, found: String },
    #[error("cannot open the camera {name}: {why}")]
    CannotOpen { name: String, why: String },
    #[error("cannot list the cameras: {0}")]
    Query(String),
    #[error("the face detector's model does not load: {0}")]
    Model(String),
    #[error("cannot start the camera thread: {0}")]
    Thread(std::io::Error),
}
