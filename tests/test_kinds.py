from kg.extract.kinds import Candidate, cue_vote, decide


def test_cues_decide_and_the_list_majority_decides_the_rest():
    review, target = ["位居", "预计"], ["左右", "力争"]
    texts = ["县域投资竞争力位居全国第二", "一般公共预算总收入分别增长1.7%", "预计地区生产总值增长7%以上"]
    cands = [Candidate(i, None, False, cue_vote(t, review, target)) for i, t in enumerate(texts)]
    assert decide(cands) == {0: "result", 1: "result", 2: "result"}


def test_a_target_list_stays_target_and_a_new_frame_starts_a_new_list():
    cands = [Candidate(0, None, False, 1), Candidate(1, None, False, 1),
             Candidate(2, None, True, -1), Candidate(3, None, False, 0)]
    assert decide(cands) == {0: "result", 1: "result", 2: "target", 3: "target"}


def test_marker_change_ends_a_list():
    cands = [Candidate(0, "●", False, 1), Candidate(1, "●", False, 0), Candidate(2, None, False, 0)]
    assert decide(cands) == {0: "result", 1: "result", 2: "target"}


def test_a_year_named_decides_when_no_cue_does():
    from kg.extract.kinds import statement_vote
    review, target = ["预计"], ["目标", "左右"]
    assert statement_vote("2015年，晋江全市实现地区生产总值1744亿元", review, target, 2016, 2015) == 1
    assert statement_vote("到2025年，全省数字经济规模突破3万亿元", review, target, 2023, 2022) == -1
    assert statement_vote("2023年全省主要预期目标是……", review, target, 2023, 2022) == -1
    # 预计 and 左右 cancel out; the year named decides.
    assert statement_vote("初步预计，2022年居民收入增长5.2%左右", review, target, 2023, 2022) == 1


def test_the_sentence_before_then_the_list_then_the_box_label_decide_the_rest():
    cands = [Candidate(0, None, False, 0, inherited=1), Candidate(2, "●", False, 0, label=1),
             Candidate(3, "●", False, 0, label=1), Candidate(5, "●", False, 0, label=-1),
             Candidate(6, "●", False, 1, label=-1), Candidate(7, "●", False, 0, label=-1)]
    assert decide(cands) == {0: "result", 2: "result", 3: "result", 5: "result", 6: "result", 7: "result"}
    assert decide([Candidate(5, "●", False, 0, label=-1), Candidate(6, "●", False, 0, label=-1)]) == {
        5: "target", 6: "target"}
