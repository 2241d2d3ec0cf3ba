//! What can go wrong in a batch: a file that cannot be read at all
//! ([`BatchError`], the run stops before any row is scored) and one bad cell
//! or sheet entry ([`Problem`], the row is reported and the others scored).

use miette::Diagnostic;
use std::path::Path;
use thiserror::Error;

/// A batch that cannot start or finish.
#[derive(Debug, Error, Diagnostic)]
#[non_exhaustive]
pub enum BatchError {
    /// The input could not be opened or read.
    #[error("无法读取 {path}：{reason}")]
    #[diagnostic(code(jixiao::batch::io), help("检查文件路径与权限"))]
    Io {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// A folder, pipe or device.
    #[error("{path} 不是普通文件")]
    #[diagnostic(
        code(jixiao::batch::not_a_file),
        help("给出一个 xlsx、xls、ods、csv 或 jsonl 文件")
    )]
    NotAFile {
        /// The path.
        path: String,
    },
    /// An extension jixiao does not read.
    #[error("无法识别 {path} 的格式")]
    #[diagnostic(
        code(jixiao::batch::unknown_format),
        help("支持 .xlsx / .xls / .ods（Excel、WPS）、.csv（UTF-8 或 GBK）、.jsonl（每行一个 JSON 对象）")
    )]
    UnknownFormat {
        /// The file.
        path: String,
    },
    /// A spreadsheet that its reader refused (damaged, encrypted, truncated).
    #[error("{path} 已损坏或不是有效的电子表格：{reason}")]
    #[diagnostic(
        code(jixiao::batch::corrupt),
        help("在 Excel/WPS 中打开它并另存为「Excel 工作簿（*.xlsx）」；若打不开，请向报送单位重新索取")
    )]
    Corrupt {
        /// The file.
        path: String,
        /// The reader's reason.
        reason: String,
    },
    /// A web page saved with an .xls name (some systems export these).
    #[error("{path} 是网页（HTML）文件，只是扩展名为 .xls，不是电子表格")]
    #[diagnostic(
        code(jixiao::batch::html_table),
        help("在 Excel/WPS 中打开它，另存为「Excel 工作簿（*.xlsx）」后再评分")
    )]
    Html {
        /// The file.
        path: String,
    },
    /// No sheet or no header row to read.
    #[error("工作表「{sheet}」前 20 行中找不到含「项目名称」的表头行")]
    #[diagnostic(
        code(jixiao::batch::no_header),
        help("表头行须有「项目名称」一列，其余列写事实名称；可用 jixiao template 生成填报表")
    )]
    NoHeader {
        /// The sheet.
        sheet: String,
    },
    /// A line of a JSON Lines file, or a CSV record, that cannot be parsed at all.
    #[error("{path} 第 {line} 行无法读取：{reason}")]
    #[diagnostic(
        code(jixiao::batch::syntax),
        help("CSV 每行字段数须与表头一致、引号成对；JSON Lines 每行是一个完整的 JSON 对象")
    )]
    Syntax {
        /// The file.
        path: String,
        /// The line or record.
        line: usize,
        /// The parser's reason.
        reason: String,
    },
    /// A header that no row can be read against (a missing column, no 项目名称).
    #[error("工作表「{sheet}」的表头有误，未评分任何项目：\n{problems}")]
    #[diagnostic(
        code(jixiao::batch::header),
        help("按上面各条改正表头；可用 jixiao template 规则文件 生成与规则一致的填报表")
    )]
    Header {
        /// The sheet.
        sheet: String,
        /// Each problem on a line.
        problems: String,
    },
    /// The output exists and overwriting was not asked for (see
    /// [`BatchError::refuse_existing`]).
    #[error("{path} 已存在，未覆盖")]
    #[diagnostic(
        code(jixiao::batch::output_exists),
        help("换一个输出文件名，或加 --force 覆盖")
    )]
    OutputExists {
        /// The file.
        path: String,
    },
    /// The output could not be written.
    #[error("无法写入 {path}：{reason}")]
    #[diagnostic(
        code(jixiao::batch::write),
        help("检查磁盘空间与目录权限；原有文件未被改动")
    )]
    Write {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

impl BatchError {
    /// Refuses to write over an existing `path` unless `force` says to.
    pub fn refuse_existing(path: &std::path::Path, force: bool) -> Result<(), BatchError> {
        if path.exists() && !force {
            return Err(BatchError::OutputExists {
                path: path.display().to_string(),
            });
        }
        Ok(())
    }

    /// A read failure of `path`.
    pub fn io(path: &Path, error: &std::io::Error) -> BatchError {
        BatchError::Io {
            path: path.display().to_string(),
            reason: crate::files::io_reason(error),
        }
    }
}

/// One bad cell or entry, located for the 问题 sheet.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    /// The sheet (or file) it is on.
    pub sheet: String,
    /// Its row (from 1; 0 for the header or the file as a whole).
    pub row: usize,
    /// Its column's heading.
    pub column: String,
    /// The value as written.
    pub value: String,
    /// The stable code (`jixiao::batch::ambiguous_percent`).
    pub code: String,
    /// The Chinese message.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Problem {
    /// A problem from any diagnostic, placed by the caller.
    pub fn from_diagnostic(
        diagnostic: &dyn Diagnostic,
        sheet: &str,
        row: usize,
        column: &str,
        value: &str,
    ) -> Problem {
        Problem {
            sheet: sheet.to_string(),
            row,
            column: column.to_string(),
            value: value.to_string(),
            code: diagnostic
                .code()
                .map(|code| code.to_string())
                .unwrap_or_default(),
            message: diagnostic.to_string(),
            help: diagnostic
                .help()
                .map(|help| help.to_string())
                .unwrap_or_default(),
        }
    }

    /// The problem on one line, for the terminal.
    pub fn line(&self) -> String {
        let column = if self.column.is_empty() {
            String::new()
        } else {
            format!("「{}」列", self.column)
        };
        format!(
            "{} 第 {} 行{}：{}（{}）{}",
            self.sheet, self.row, column, self.message, self.code, self.help
        )
    }
}
