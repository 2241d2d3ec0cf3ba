//! The command line in Chinese: clap's help headings, its own flags and its
//! usage errors, which clap writes in English, said in the officer's words.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help page of `jixiao` itself.
const TOP_TEMPLATE: &str =
    "{about}\n\n用法：{usage}\n\n命令：\n{subcommands}\n\n选项：\n{options}\n";

/// The help page of one command.
const COMMAND_TEMPLATE: &str =
    "{about}\n\n用法：{usage}\n\n参数：\n{positionals}\n\n选项：\n{options}\n";

/// `command` with Chinese help pages: templates, the help and version flags,
/// and each option's possible and default values said in Chinese.
pub fn localised(command: Command) -> Command {
    command
        .help_template(TOP_TEMPLATE)
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(help_flag())
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        )
        .mut_subcommands(|sub| {
            sub.help_template(COMMAND_TEMPLATE)
                .disable_help_flag(true)
                .arg(help_flag())
                .mut_args(with_values_in_chinese)
        })
}

fn help_flag() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help("显示帮助")
}

/// An option's possible values and default appended to its help in Chinese,
/// in place of clap's 「Possible values」 and 「default」.
fn with_values_in_chinese(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| match value.get_help() {
            Some(help) => format!("{}（{help}）", value.get_name()),
            None => value.get_name().to_string(),
        })
        .collect();
    if values.is_empty() {
        return arg;
    }
    let default = arg
        .get_default_values()
        .first()
        .map(|value| format!("；默认 {}", value.to_string_lossy()))
        .unwrap_or_default();
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    arg.hide_possible_values(true)
        .hide_default_value(true)
        .help(format!("{help}。可选：{}{default}", values.join("、")))
}

/// A usage error in Chinese, followed by the usage line and where to read
/// more; clap's own text follows as the detail where no Chinese one is
/// written for its kind.
pub fn error_text(error: &clap::Error) -> String {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let suggestion = |kind| {
        let suggested = text(kind);
        if suggested.is_empty() {
            String::new()
        } else {
            format!("是否想写「{suggested}」？")
        }
    };
    let message = match error.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!("缺少参数：{}", text(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有命令「{}」。{}",
            text(ContextKind::InvalidSubcommand),
            suggestion(ContextKind::SuggestedSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "多余或不认识的参数「{}」。{}",
            text(ContextKind::InvalidArg),
            suggestion(ContextKind::SuggestedArg)
        ),
        ErrorKind::InvalidValue => format!(
            "{} 的值「{}」无效，可选：{}",
            text(ContextKind::InvalidArg),
            text(ContextKind::InvalidValue),
            text(ContextKind::ValidValue)
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令，例如「jixiao check 规则文件.jx」".to_string()
        }
        _ => format!(
            "命令行参数有误。原文：{}",
            error.render().to_string().trim()
        ),
    };
    let usage = in_chinese(text(ContextKind::Usage).trim());
    let usage = if usage.is_empty() {
        String::new()
    } else {
        format!("\n\n{usage}")
    };
    format!(
        "错误：{}{usage}\n\n更多说明：jixiao --help，或 jixiao <命令> --help",
        message.trim()
    )
}

/// clap's usage placeholders in Chinese: `[OPTIONS]` → `[选项]`.
pub fn in_chinese(text: &str) -> String {
    text.replacen("Usage: ", "用法：", 1)
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap checks a command's consistency only when it is built, in debug
    /// builds: build every subcommand here rather than at a user's first run.
    #[test]
    fn the_localised_command_is_consistent() {
        super::localised(crate::Cli::command()).debug_assert();
    }
}
