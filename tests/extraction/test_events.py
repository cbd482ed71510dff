"""ACLED event types, actors and stated casualties read from real article sentences."""

from incidents.extraction import events
from incidents.extraction.normalise import fold


def event_type(text: str) -> tuple[str, str] | None:
    best = events.best_event_type(events.find_event_types(fold(text).text))
    return best.value[1:] if best else None


def actors(text: str) -> list[str]:
    return [h.value for h in events.find_actors(fold(text).text)]


def casualties(text: str) -> tuple[int | None, int | None]:
    killed, injured = events.casualties(fold(text).text)
    return (killed.value if killed else None, injured.value if injured else None)


def test_ied_is_remote_explosive():
    text = "أشارت مصادر محلية إلى أن انفجار عبوة ناسفة استهدف سيارة عسكرية لميليشيا “قسد” في بلدة الحصان"
    assert event_type(text) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")


def test_clashes_are_armed_clash():
    assert event_type("تلتها اشتباكات بين مسلحين مجهولين وعناصر “قسد”") == ("Battles", "Armed clash")


def test_machine_gun_attack_on_a_post_is_armed_clash():
    text = "إن مسلحيه استهدفوا بالأسلحة الرشاشة مقراً لـ “قسد” بناحية البصيرة"
    assert event_type(text) == ("Battles", "Armed clash")


def test_rocket_shells_are_shelling():
    text = "وشهدت بلدات عدة في الريف الشرقي لدير الزور هجمات منسقة بقذائف صاروخية"
    assert event_type(text) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")


def test_mortar_shelling():
    text = "بعد قصف حكومي من غربي الفرات بقذائف الهاون"
    assert event_type(text) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")


def test_drone_strike():
    assert event_type("غارة لطائرة مسيرة على سيارة") == ("Explosions/Remote violence", "Air/drone strike")


def test_suicide_bomber_beats_explosion():
    assert event_type("فجر انتحاري حزامه الناسف") == ("Explosions/Remote violence", "Suicide bomb")


def test_arrest_raid():
    assert event_type("نفذت قسد حملة مداهمة واعتقال في البلدة") == ("Strategic developments", "Arrests")


def test_reinforcements_are_strategic_other():
    text = "استقدمت تعزيزات إلى المنطقة"
    assert event_type(text) == ("Strategic developments", "Other")
    assert ("Strategic developments", "Other") in events.NOT_AN_INCIDENT


def test_english_ied():
    text = "An IED exploded under an SDF vehicle near al-Hisan"
    assert event_type(text) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")


def test_no_violence_no_event_type():
    assert event_type("المحلات التجارية في السوق") is None


def test_actors_with_clitics_and_quotes():
    assert actors("استهدفت الفصائل الشعبية مقرين لـ “قسد” وتبنى تنظيم “داعش”") == [
        "Popular factions",
        "SDF",
        "ISIS",
    ]


def test_bare_tanzim_is_isis_only_after_isis_was_named():
    assert actors("تصاعد تحركات خلايا التنظيم") == []
    text = "مسؤولية تنظيم “الدولة الإسلامية” عن الهجمات، مع تصاعد تحركات خلايا التنظيم"
    assert actors(text) == ["ISIS", "ISIS"]


def test_government_and_iranian_militias():
    text = "ويستهدف مسلحون يتبعون لدمشق والفصائل الإيرانية مقاراً، بعد استهداف القوات الحكومية"
    assert actors(text) == ["Iranian-backed militias", "Syrian government forces"]


def test_asayish_and_unidentified_gunmen():
    text = "هاجم مسلحين مجهولين نقطة تفتيش لقوى الأمن الداخلي “الأسايش”"
    assert list(dict.fromkeys(actors(text))) == ["Unidentified gunmen", "Asayish"]


def test_english_actors():
    text = "Unidentified gunmen attacked the SDF; the US-led coalition flew overhead, Islamic State said"
    assert actors(text) == ["Unidentified gunmen", "SDF", "International Coalition", "ISIS"]


def test_perpetrator_is_the_actor_next_to_the_attack_verb_not_the_sdf_target():
    text = fold("أن “الفصائل الشعبية” استهدفت مقرين لـ “قسد” في بلدتي الشحيل وذيبان").text
    assert events.perpetrator(text, events.find_actors(text)).value == "Popular factions"


def test_perpetrator_after_responsibility():
    text = fold("في حين رجحت مصادر محلية مسؤولية تنظيم “الدولة الإسلامية” عن تنفيذ الهجمات").text
    assert events.perpetrator(text, events.find_actors(text)).value == "ISIS"


def test_digits_killed_and_injured():
    assert casualties("أسفر عن إصابة 4 مسلحين من الميليشيا") == (None, 4)


def test_arabic_indic_digits_count():
    assert casualties("أسفر عن إصابة ٤ مسلحين") == (None, 4)


def test_number_words():
    assert casualties("أصيب خمسة مسلحين من ميليشيا قسد") == (None, 5)
    assert casualties("ما تسبب بمقتل اثنين من مسلحيها على الفور") == (2, None)


def test_one_fighter_killed():
    assert casualties("أسفر عن “مقتل عنصر في (قسد) وتضرر المقر”") == (1, None)


def test_a_number_of_is_unspecified_not_zero():
    assert casualties("ما أدى لإصابة عدد من عناصر “قسد”") == (None, None)


def test_english_killing_two():
    assert casualties("killing two fighters, according to SOHR") == (2, None)


def test_opening_fire_with_the_subject_between_verb_and_object():
    """ "أطلق مسلحون مجهولون النار على …" (Daraa 24) is shooting; "أطلق سراح" (released) is not."""
    from incidents.extraction.events import find_event_types
    from incidents.extraction.normalise import fold

    assert find_event_types(fold("وأطلق مسلحون مجهولون النار على أحمد ياسر في درعا البلد").text)
    assert find_event_types(fold("أطلق مجهولون النار بشكل مباشر على المدعو محمد").text)
    assert not find_event_types(fold("أطلق سراح عدد من المختطفين من أبناء العشائر").text)


def test_taking_territory_is_an_event_being_under_control_is_not():
    """SOHR: "تمكنوا من السيطرة على مشارف بلدة الطيرة"; the everyday "الخاضعة لسيطرة قسد" is no event."""
    from incidents.extraction.events import find_event_types
    from incidents.extraction.normalise import fold

    (hit,) = find_event_types(fold("أبناء عشائر البدو تمكنوا من السيطرة على مشارف بلدة الطيرة").text)
    assert hit.value[2] == "Non-state actor overtakes territory"
    assert not find_event_types(fold("في المناطق الخاضعة لسيطرة قسد وتحت سيطرة الحكومة").text)


def test_perished_is_a_killing():
    """SOHR: "60 more individuals … perished in the city of Baniyas" is the incident's sentence."""
    from incidents.extraction.events import find_event_types
    from incidents.extraction.normalise import fold

    (hit,) = find_event_types(
        fold("60 more individuals, including women, perished in the city of Baniyas.").text
    )
    assert hit.value[1:] == ("Violence against civilians", "Attack")


def test_english_incursion_and_arrest_words_from_a_real_report(index):
    """Shafaq News on Quneitra: "Israeli forces advanced between the villages of al-Ajraf and …, setting
    up a temporary checkpoint" is an incursion; "arresting one individual" an arrest."""
    from incidents.extraction.pipeline import extract

    r = extract(
        "Earlier, Israeli forces advanced between the villages of al-Ajraf and al-Samadaniyah al-Sharqiyah, "
        "setting up a temporary checkpoint with four military vehicles.",
        index,
    )
    assert {m.surface for m in r.places if m.role == "incident"} >= {"al-Ajraf"}
    assert {i.sub_event_type for i in r.incidents} == {"Non-violent transfer of territory"}


def test_english_villages_such_as_and_advancing_into_a_village(index):
    """Levant24: "raids … including villages such as al-Suwayiyyah and al-Salihiyah"; Shafaq News:
    "military vehicles advanced yesterday into the village of al-Hanout"."""
    from incidents.extraction.pipeline import extract

    r = extract(
        "The raids aimed at vital sites used by Iranian-backed militias, including villages such as "
        "al-Suwayiyyah and al-Salihiyah.",
        index,
    )
    assert {m.surface for m in r.places if m.role == "incident"} == {"al-Suwayiyyah", "al-Salihiyah"}
    r = extract(
        "About ten military vehicles advanced yesterday into the village of al-Hanout in Quneitra.", index
    )
    assert [i.sub_event_type for i in r.incidents] == ["Non-violent transfer of territory"]


def test_holding_someone_is_an_abduction_that_locates_the_incident():
    """From a dev report (Suwayda): "احتجاز سائقها لساعات قرب منطقة خربة الشياب" is a kidnapping there."""
    from incidents.extraction.events import find_event_types
    from incidents.extraction.normalise import normalise_ar

    hits = find_event_types(normalise_ar("أقدم مسلحون مجهولون على سلب سيارة خضار واحتجاز سائقها لساعات"))
    assert [(h.value[1], h.value[2]) for h in hits] == [
        ("Violence against civilians", "Abduction/forced disappearance")
    ]
