//! Unit tests of the names check: how close a slip may be.

use super::closest;

#[test]
fn closest_allows_about_one_slip_in_three_characters() {
    let near = |name: &str, candidate: &'static str| closest(name, [candidate].into_iter());
    // 5 characters, 1 apart: (5 + 1) ÷ 3 = 2 allowed.
    assert_eq!(near("预算执行律", "预算执行率"), Some("预算执行率"));
    // 8 characters, 3 apart (甲乙丙 for 到位资): (8 + 1) ÷ 3 = 3 allowed.
    assert_eq!(
        near("实际甲乙丙金比例", "实际到位资金比例"),
        Some("实际到位资金比例")
    );
    // 8 characters, 4 apart (甲乙丙丁 for 到位资金): past the 3 allowed.
    assert_eq!(near("实际甲乙丙丁比例", "实际到位资金比例"), None);
    // 2 characters, 1 apart: 1 allowed and fewer than the name's 2.
    assert_eq!(near("明昰", "明显"), Some("明显"));
    // 1 character, 1 apart: every character changed, not a slip.
    assert_eq!(near("甲", "乙"), None);
}
