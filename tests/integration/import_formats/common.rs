//! Helpers shared by the importers' tests: fixtures, the parsers under the (file, text) signature the tests were
//! written against, and the no-panic checks over truncated and mutated input.

use examday::import::Imported;

pub type Parser = fn(&str, &str) -> Imported;

// The parsers take only the text: the summary puts file names in front of their lines.
pub fn aiken(_file: &str, text: &str) -> Imported {
    examday::import::aiken::parse(text)
}
pub fn moodle_xml(_file: &str, text: &str) -> Imported {
    examday::import::moodle_xml::parse(text)
}
pub fn csv_bank(_file: &str, text: &str) -> Imported {
    examday::import::csv_bank::parse(text)
}
pub fn gift(_file: &str, text: &str) -> Imported {
    examday::import::gift::parse(text)
}

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/banks/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// Every prefix of the text (a file cut anywhere) parses without panicking.
pub fn every_prefix_parses(parse: Parser, text: &str) {
    for (cut, _) in text.char_indices() {
        let _ = parse("cut", &text[..cut]);
    }
    let _ = parse("whole", text);
}

/// Small deterministic generator (xorshift), so that a failure can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Random byte mutations (replace, insert, delete, with bytes the formats care about) parse without panicking.
pub fn mutations_parse(parse: Parser, text: &str, seed: u64) {
    const SPECIAL: &[u8] = b"<>/\"'&;,\t\n\r:=#()ABH[]!?-%@0 \xff\xc3";
    let mut rng = Rng::new(seed);
    for _ in 0..300 {
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..1 + rng.below(6) {
            if bytes.is_empty() {
                break;
            }
            let at = rng.below(bytes.len());
            let byte = if rng.below(2) == 0 { SPECIAL[rng.below(SPECIAL.len())] } else { rng.next() as u8 };
            match rng.below(3) {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        let mutated = String::from_utf8_lossy(&bytes);
        let _ = parse("mutated", &mutated);
    }
}
