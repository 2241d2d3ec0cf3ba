//! jixiao against the hand-written scorer of the 罗湖 card
//! (tests/common/native_luohu.rs) over random facts, edges included: rates
//! exactly at a threshold and just under a step boundary, zero counts and
//! zero denominators. Every indicator's score must be the same, and where a
//! denominator is 0 both must refuse that indicator (jixiao with
//! `eval::division_by_zero`) and the total. With facts left out, plain
//! scoring (which runs the fused instructions) must report the very faults,
//! spans included, that traced scoring (the unfused ones) reports.

#[path = "common/native_luohu.rs"]
mod native_luohu;

use jixiao::eval::Fault;
use jixiao::facts::Format;
use jixiao::lang::compile::Compiled;
use native_luohu::{Effect, Facts};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::LazyLock;

static LUOHU: LazyLock<Compiled> = LazyLock::new(|| {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets/luohu-2024.jx");
    jixiao::build_file(&path)
        .compiled
        .expect("the 罗湖 ruleset builds")
});

/// Money in 万元 with two places, zero now and then.
fn money() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        1 => Just(Decimal::ZERO),
        8 => (1_i64..10_000_000).prop_map(|cents| Decimal::new(cents, 2)),
    ]
}

/// 实际支出资金 against 实际到位资金: all of it, exactly k points short, a
/// hair under k points short, or anything up to it.
fn spent_of(received: Decimal) -> impl Strategy<Value = Decimal> {
    let point = received / Decimal::ONE_HUNDRED;
    prop_oneof![
        Just(received),
        (1_i64..40).prop_map(move |k| received - point * Decimal::from(k)),
        (1_i64..40).prop_map(move |k| received - point * Decimal::from(k) + Decimal::new(1, 4)),
        (0_i64..=10_000).prop_map(move |share| received * Decimal::new(share, 4)),
    ]
}

/// A count near a target: equal, a few short, a few over, or zero.
fn count_near(target: i64) -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::from(target)),
        (0_i64..=20).prop_map(move |short| Decimal::from((target - short).max(0))),
        (0_i64..=3).prop_map(move |over| Decimal::from(target + over)),
        Just(Decimal::ZERO),
    ]
}

/// 满意度 in percent: at the 95% threshold, just under it, or anywhere.
fn satisfaction() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::from(95)),
        Just(Decimal::new(9_499, 2)),
        (0_i64..=10_000).prop_map(|hundredths| Decimal::new(hundredths, 2)),
    ]
}

fn facts() -> impl Strategy<Value = Facts> {
    let money_facts = (money(), money()).prop_flat_map(|(budget, received)| {
        (Just(budget), Just(received), spent_of(received), money())
            .prop_flat_map(|(b, r, s, contract)| (Just([b, r, s, contract]), spent_of(contract)))
    });
    let counts = (0_i64..400, 0_i64..900, 0_i64..6).prop_flat_map(|(due, hazards, measures)| {
        (
            Just(due),
            count_near(due),
            count_near(due),
            0_i64..4,
            Just(hazards),
            count_near(hazards),
            prop_oneof![Just(0_i64), Just(59), Just(60), Just(61), 0_i64..100],
            Just(measures),
            count_near(measures),
        )
    });
    let effect = prop_oneof![Just(Effect::Marked), Just(Effect::Fair), Just(Effect::None)];
    (
        proptest::array::uniform31(any::<bool>()),
        money_facts,
        counts,
        satisfaction(),
        effect,
    )
        .prop_map(|(yes_no, (money, paid), counts, satisfaction, effect)| {
            let [budget, received, spent, contract] = money;
            let (
                due,
                supervised,
                inspected,
                standards,
                hazards,
                fixed,
                days,
                measures_due,
                measures,
            ) = counts;
            let n = Decimal::from;
            let numbers = [
                budget,
                received,
                spent,
                n(due),
                supervised,
                n(standards),
                inspected,
                n(hazards),
                fixed,
                n(days),
                contract,
                paid,
                n(measures_due),
                measures,
                satisfaction,
            ];
            Facts::from_parts(yes_no, numbers, effect)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn jixiao_scores_the_luohu_card_as_the_hand_written_scorer(facts in facts()) {
        let json = facts.to_json();
        let values = jixiao::facts::parse(&json, Format::Json, &LUOHU)
            .map_err(|errors| TestCaseError::fail(format!("{errors:?}\n{json}")))?;
        let card = jixiao::eval::score(&LUOHU, &values);
        let expected = native_luohu::score(&facts);
        let scores: Vec<Option<Decimal>> =
            card.indicators().iter().map(|indicator| indicator.score).collect();
        prop_assert_eq!(&scores[..], &expected.scores[..], "{}", json);
        prop_assert_eq!(card.total, expected.total);
        let refused = expected.scores.iter().filter(|score| score.is_none()).count();
        prop_assert_eq!(card.faults.len(), refused);
        let all_division_by_zero = card
            .faults
            .iter()
            .all(|fault| matches!(fault, Fault::DivisionByZero { .. }));
        prop_assert!(all_division_by_zero, "{:?}", card.faults);
    }

    #[test]
    fn plain_and_traced_scoring_fault_alike_where_facts_are_missing(
        facts in facts(),
        left_out in proptest::collection::vec(0_usize..64, 0..6),
    ) {
        let json = facts.to_json();
        let mut values = jixiao::facts::parse(&json, Format::Json, &LUOHU)
            .map_err(|errors| TestCaseError::fail(format!("{errors:?}\n{json}")))?;
        let slots = values.values.len();
        for slot in &left_out {
            values.values[slot % slots] = None;
        }
        let (traced, _) = jixiao::eval::score_traced(&LUOHU, &values);
        let plain = jixiao::eval::score(&LUOHU, &values);
        let mut bulk = jixiao::eval::Scores::default();
        bulk.score(&LUOHU, &values);
        prop_assert_eq!(&plain.faults, &traced.faults);
        prop_assert_eq!(&bulk.faults, &traced.faults);
        let scores: Vec<Option<Decimal>> =
            traced.indicators().iter().map(|indicator| indicator.score).collect();
        prop_assert_eq!(&bulk.scores, &scores);
        prop_assert_eq!(bulk.total, traced.total);
    }
}

#[test]
fn the_report_facts_score_as_the_report_annex_by_rule() {
    // The 罗湖 report's own facts (examples/luohu-2024.facts.toml): every
    // indicator full but 预算执行率, 61.5 ÷ 62.46 = 98.46%, 1.54 points
    // short counted as 2, 4 − 0.2 = 3.80; total 100 − 0.2 = 99.80.
    let yes = [true; 31];
    let mut yes_no = yes;
    yes_no[4] = false; // 与同类项目重复
    yes_no[23] = false; // 存在截留挤占挪用虚列支出
    yes_no[30] = false; // 发生生产安全事故
    let d = |text: &str| text.parse::<Decimal>().expect("a number");
    let numbers = [
        d("62.46"),
        d("62.46"),
        d("61.5"),
        d("353"),
        d("353"),
        d("2"),
        d("353"),
        d("801"),
        d("801"),
        d("0"),
        d("61.5"),
        d("61.5"),
        d("4"),
        d("4"),
        d("100"),
    ];
    let facts = Facts::from_parts(yes_no, numbers, Effect::Marked);
    let card = native_luohu::score(&facts);
    assert_eq!(card.scores[7], Some(d("3.80")));
    assert_eq!(card.total, Some(d("99.80")));
    let values = jixiao::facts::parse(&facts.to_json(), Format::Json, &LUOHU).expect("loads");
    assert_eq!(jixiao::eval::score(&LUOHU, &values).total, Some(d("99.80")));
}

#[test]
fn fused_instructions_fault_where_their_facts_are_read() {
    // 立项依据充分性's ② (立项符合行业规划) is read, chosen and added in one
    // plain instruction; ⑤ (不 与同类项目重复) also negates; 资金到位率
    // reads 实际到位资金 and 预算资金 and divides in one. Left out, each
    // faults as a missing fact at the text that reads it, as traced scoring
    // says.
    let facts = Facts::from_parts([true; 31], [Decimal::ONE; 15], Effect::Marked);
    let mut values = jixiao::facts::parse(&facts.to_json(), Format::Json, &LUOHU).expect("loads");
    for name in ["立项符合行业规划", "与同类项目重复", "预算资金"] {
        let slot = LUOHU.facts.iter().position(|fact| fact.name == name);
        values.values[slot.expect("a declared fact")] = None;
    }
    let plain = jixiao::eval::score(&LUOHU, &values);
    let (traced, _) = jixiao::eval::score_traced(&LUOHU, &values);
    let missing: Vec<&str> = plain
        .faults
        .iter()
        .filter_map(|fault| match fault {
            Fault::MissingFact { fact, .. } => Some(fact.as_str()),
            _ => None,
        })
        .collect();
    // The first fault stops the indicator: ② is read before ⑤.
    assert_eq!(missing, ["立项符合行业规划", "预算资金"]);
    assert_eq!(plain.faults, traced.faults);
}
