//! An exam as written, before any checks: every field optional and remembering where it stood in the file.
//!
//! Two readers fill it: the TOML reader (with places, for `examday check`) and serde (for the copy of the paper
//! a journal carries, without places). One validator then turns either into a [`super::Paper`].

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A value and the byte range it came from, when it came from an exam file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Located<T> {
    pub value: T,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Option<Range<usize>>) -> Self {
        Located { value, span }
    }

    /// Without a place: for values made in code, not read from a file.
    pub fn bare(value: T) -> Self {
        Located { value, span: None }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPaper {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exam: Option<RawExam>,
    pub questions: Vec<RawQuestion>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawExam {
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// Keys that were present but of the wrong type (already reported; not "missing").
    #[serde(skip)]
    pub mistyped: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Located<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Located<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<Located<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pass_percent: Option<Located<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shuffle_questions: Option<Located<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shuffle_options: Option<Located<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_warnings_minutes: Option<Located<Vec<Located<i64>>>>,
    /// A bank larger than a sitting: how many questions each sitting draws.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draw: Option<Located<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domains: Option<Vec<RawDomain>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawDomain {
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// Keys that were present but of the wrong type (already reported; not "missing").
    #[serde(skip)]
    pub mistyped: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Located<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Located<f64>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawQuestion {
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// Keys that were present but of the wrong type (already reported; not "missing").
    #[serde(skip)]
    pub mistyped: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Located<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<Located<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Located<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stem: Option<Located<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Located<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Located<Vec<RawChoice>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Located<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawChoice {
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// Keys that were present but of the wrong type (already reported; not "missing").
    #[serde(skip)]
    pub mistyped: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Located<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correct: Option<Located<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Located<String>>,
}
