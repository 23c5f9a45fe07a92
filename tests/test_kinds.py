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
