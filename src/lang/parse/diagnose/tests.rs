use super::in_grades;

#[test]
fn only_the_inside_of_a_grade_block_is_in_grades() {
    let inside = "体系 \"x\" { 等级 { 优: >= 90；";
    assert!(in_grades(inside, inside.len()));
    let full_width = "等级｛";
    assert!(in_grades(full_width, full_width.len()));
    // After the block's }, in another block, or before any brace: not.
    let after = "体系 \"x\" { 等级 }";
    assert!(!in_grades(after, after.len()));
    let scoring = "评分 { ";
    assert!(!in_grades(scoring, scoring.len()));
    assert!(!in_grades("等级", 6));
}
