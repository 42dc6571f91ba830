"""Build the article texts of the unseen-outlet gold set (models/labels/unseen_news.jsonl).

Source: Wikinews articles (CC BY 2.5) as collected in github.com/vanatteveldt/wikinews,
data/wikinews_2019.csv and data/wikinews_2020.csv, read from a local git snapshot of
that repository (pass its git directory). The text of each article is made as follows,
and nothing else is changed:
  - the headline, a blank line, then the body;
  - the body's first line is dropped when it is a dateline ("Friday, January 4, 2019";
    the 2019 file has one, the 2020 file has none);
  - paragraphs (separated by blank lines in the CSV) are stripped of surrounding white
    space and joined by a single blank line ("\n\n");
  - paragraphs that start with a dash ("—", "–") are dropped: they are the captions of
    pull-quote boxes and pictures, which repeat the body.

    python scripts/prepare_unseen.py GIT_DIR OUT.jsonl [2]
writes one {"id", "text", "meta"} object per chosen article (see CHOSEN, or CHOSEN_2 for
the second set), without quotes.
"""

import csv
import io
import json
import re
import subprocess
import sys

REPO = "vanatteveldt/wikinews"
LICENCE = "CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/); Wikinews contributors"
FILES = ("data/wikinews_2019.csv", "data/wikinews_2020.csv")

# Titles of the chosen articles, as in the CSV (prefix match).
CHOSEN = [
    "Arrest made as mayor of Gdańsk, Poland stabbed on stage",
    "Actor Doris Day dies at 97",
    "President Trump says he 'can' and 'may' put US into state of emergency",
    "Magnitogorsk apartment building collapses after explosion, dozens dead",
    "Thousands march in anti-Brexit protest, London",
    "Gunman opens fire in El Paso, Texas superstore",
    "Kurds announce deal with Assad's government",
    "Turkey's President Erdogan proposes converting Hagia Sophia",
    "Benin, Nigeria join African Union continental free trade bloc",
    "Bystanders foil knife-weilding man on London Bridge",
    "Hong Kong leader announces withdrawal of extradition bill",
    "UK urges US to waive immunity for diplomat's wife",
    "Paris court jails two police in high-profile rape case",
    "California court sentences parents who kept their children in captivity",
    "Pope Francis instructs reporting of sexual abuse",
    "Escape room fire kills five teen girls",
    "European Court of Justice says Facebook must remove",
    "Fiancée of murdered Saudi journalist demands justice",
    "Pioneering oceanographer Walter Munk dies",
    "Dozens dead in California boat fire",
    "Bombs kill at least 20 at cathedral in Mindanao",
    "Queen Elizabeth agrees to suspend UK Parliament",
    "US Speaker Pelosi announces Trump impeachment investigation",
    "New South Wales decriminalizes abortion",
    "US Department of Justice investigating Ford",
    "Oil facilities in Saudi Arabia hit by drone attacks",
    "Millions don't turn up to 'storm' US airbase",
    "Former U.S. intelligence agent Tony Mendez",
    "Iran's President Rouhani tells foreign powers",
    "Hong Kong's Carrie Lam delivers speech on video",
    "US president Trump ousts national security advisor Bolton",
    "Puerto Rico governor announces resignation following protests",
    "Germany bans Mahan Air of Iran",
    "200 in New Delhi, India drink cow urine",
    "Police shoot man dead after 'terrorist-related' knife attack",
    "World Health Organization names new coronavirus COVID-19",
    "Tributes paid to recently deceased US actor Chadwick Boseman",
    "Stores in Australia lower toilet paper limits",
    "Argentine president Fernández to send bill legalising abortion",
    "Face coverings to be mandatory on public transport in England",
    "Philippines' largest television network shut down",
    "Elizabeth Warren endorses Joe Biden",
    "Second US Biden-Trump debate cancelled",
    "Conservative groups hold rally in Washington D.C.",
]


# The second set (models/labels/unseen_news2.jsonl): 40 articles of the same files, none
# in CHOSEN, labelled on 2026-12-06 by reading only, before the pipeline ran on them
# (the articles of CHOSEN_2 were drawn from those left after CHOSEN, in a seeded shuffle,
# skipping interviews, test pages and articles without an attribution cue).
CHOSEN_2 = [
    "Florida frog skull survey shows spikes, say scientists",
    "Greek prime minister reaffirms EastMed pipeline project is open for other countries to join",
    "Longtime leader of Zimbabwe Robert Mugabe dies aged 95",
    "Iran admits downing Ukrainian jet, cites 'human error'",
    "SpaceX Crew Dragon capsule docks with International Space Station",
    "Samoan government ends state of emergency over measles outbreak",
    "New studies may bring slug-made glues closer to use in medicine",
    "Kennedy assassin Sirhan Sirhan stabbed in California prison",
    "Toronto Comicon 2019 welcomes fans with celebrities, creativity, cosplay",
    "Fire erupts in parking structure at Sola Airport, Norway",
    "Retired US Supreme Court Justice John Paul Stevens dies",
    "Prime Minister of Slovakia Igor Matovič tests positive for COVID-19",
    "Former President of India Pranab Mukherjee dies aged 84",
    "U.S. House to decide on submitting articles of impeachment to Senate",
    "Violence breaks out in Washington, DC at pro-Trump protest",
    "Joe Biden wins 2020 South Carolina US Democratic presidential primary",
    "US House of Representatives holds two Cabinet officers in criminal contempt of Congress",
    "Former Trump advisor, Paul Manafort, receives second sentence in U.S. Federal Court",
    "Cairo summit denounces Turkish-Libyan maritime border agreement",
    "Biden announces Kamala Harris as 2020 running mate in US presidential race",
    "Report indicates Mexican monarch butterfly population at ten-year high, reasons unclear",
    "Indonesian security minister Wiranto stabbed",
    "Study indicates as great white shark disappears, living fossil moves in",
    "Bus carrying children overturns in Babyninsky, Russia; at least seven die",
    "U.S. judge orders release of President Trump's tax records, appeals court issues delay",
    "Eliud Kipchoge of Kenya runs marathon under two hours",
    "Hotel fire kills at least seventeen in Karol Bagh, New Delhi",
    "Lion Air disaster: Crashed jet's voice recorder recovered from Java Sea",
    "Louisiana declares state of emergency as Tropical Storm Barry approaches U.S. coast",
    "Researchers break down deaths due to power plant pollution in the United States",
    "Toronto serial killer Bruce McArthur pleads guilty to eight murders",
    "Ukrainian president rejects prime minister's resignation over leaked audio recording",
    "Brother of murdered Pakistani social media star sentenced to life",
    "Francis D'Souza, former Deputy Chief Minister of Goa, dies aged 64",
    "Radio host Don Imus dies aged 79",
    "Passenger flight crashes upon landing at Calicut airport in India",
    "Nevada becomes first state in U.S. with majority-female legislature",
    "Voracious fish defend coral reefs against warming, say scientists",
    "US federal agency announces plans to begin presidential transition process following Trump election loss",
    "Scottish court finds suspension of UK parliament unlawful",
]


DATELINE = re.compile(r"\w+day, \w+ \d{1,2}, \d{4}\s*(\n|$)")


def slug(title):
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return s[:48].rstrip("-")


def article_text(title, body):
    rest = body.strip()
    if DATELINE.match(rest):
        rest = rest.split("\n", 1)[1] if "\n" in rest else ""
    paras = [p.strip() for p in re.split(r"\n\s*\n", rest)]
    paras = [p for p in paras if p and not p.startswith(("—", "–"))]
    return "\n\n".join([title.strip()] + paras)


def main(git_dir, out, which="1"):
    commit = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    rows = []
    for path in FILES:
        data = subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], capture_output=True, text=True, check=True).stdout
        rows += [(path, r) for r in csv.DictReader(io.StringIO(data))]
    with open(out, "w", encoding="utf-8") as fh:
        for want in CHOSEN if which == "1" else CHOSEN_2:
            hits = [(p, r) for p, r in rows if r["title"].startswith(want)]
            assert len(hits) == 1, (want, len(hits))
            path, r = hits[0]
            rec = {
                "id": f"unseen/wikinews/{r['date']}_{slug(r['title'])}",
                "text": article_text(r["title"], r["text"]),
                "meta": {
                    "publisher": "wikinews",
                    "publication_date": r["date"],
                    "title": r["title"],
                    "url": r["url"].replace("org//wiki", "org/wiki"),
                    "licence": LICENCE,
                    "source_repo": REPO,
                    "source_commit": commit,
                    "source_path": path,
                },
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
