/// Converts between byte offsets and Unicode code point offsets of one text in O(log n).
///
/// Stages work on `&str` byte offsets internally; everything they store in the model must be
/// code point offsets, so they build one `CharIndex` per text and convert at the edge.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every char, plus the text length as a sentinel.
    byte_of_char: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut byte_of_char: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of_char.push(text.len());
        CharIndex { byte_of_char }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.byte_of_char.len() - 1
    }

    /// Code point offset of a byte offset; a byte inside a char maps to that char.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        match self.byte_of_char.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset of a code point offset (clamped to the text end).
    pub fn byte_of_char(&self, ch: usize) -> usize {
        let last = self.byte_of_char.len() - 1;
        self.byte_of_char[ch.min(last)]
    }
}

#[cfg(test)]
mod tests {
    use super::CharIndex;

    #[test]
    fn converts_both_ways_on_multibyte_text() {
        let text = "a’b€c";
        let idx = CharIndex::new(text);
        assert_eq!(idx.len_chars(), 5);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_of_byte(bi), ci);
            assert_eq!(idx.byte_of_char(ci), bi);
        }
        assert_eq!(idx.byte_of_char(5), text.len());
        assert_eq!(idx.byte_of_char(99), text.len());
    }
}
