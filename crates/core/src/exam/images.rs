//! Whether a question's image can be shown, asked of the outside world (the file system) through a trait,
//! so that reading a paper stays pure and testable.

/// What the outside world says about an image path (already known to stay inside the exam's folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageStatus {
    Ok,
    /// Nothing at that path; the string says where it was looked for.
    Missing(String),
    /// Something is there, but not a PNG or JPEG image; the string says what was found.
    NotAnImage(String),
    /// The path leaves the exam's folder once links are followed.
    Outside,
}

/// Answers [`ImageStatus`] for a path relative to the exam file's folder.
pub trait ImageCheck {
    fn check(&self, relative: &str) -> ImageStatus;
}

/// Accepts every image: for papers replayed from a journal, whose images were checked when the sitting began.
pub struct TrustImages;

impl ImageCheck for TrustImages {
    fn check(&self, _relative: &str) -> ImageStatus {
        ImageStatus::Ok
    }
}
