//! How the formatted text looks: punctuation style and indentation.

/// Punctuation style for the formatted output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Punctuation {
    /// Full-width brackets and separators, unspaced: `预算执行率（4分）{`,
    /// `满意度：%`, `得满分；否则 按比例扣分`.
    #[default]
    FullWidth,
    /// Half-width brackets and separators, a space after each separator:
    /// `预算执行率(4分) {`, `满意度: %`, `得满分; 否则 按比例扣分`.
    HalfWidth,
}

/// Formatting options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FmtOptions {
    /// The punctuation style.
    pub punctuation: Punctuation,
    /// Spaces per level of indentation (at most 16 are used).
    pub indent: usize,
}

impl Default for FmtOptions {
    fn default() -> Self {
        Self {
            punctuation: Punctuation::FullWidth,
            indent: 4,
        }
    }
}
