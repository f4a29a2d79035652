#!/usr/bin/env python3
"""hand_sets.py: a small hand-written held-out set (quotes_hand.jsonl,
claims_hand.jsonl), written after the rules, in constructions the template
generator (gen_sets.py) does not use. Invented events and people.
Run: python3 hand_sets.py  (writes next to this script)."""
import json, os

Q = [
 (["Coach Amelia Strand was blunt after the 3-0 defeat in Rotterdam.",
   "“We were second to every ball,” Strand said. “That is on me, not on the players.”",
   "Her captain, midfielder Joost Meijer, agreed. “We let her down tonight,” he said."],
  [("We were second to every ball", "Amelia Strand"), ("That is on me, not on the players", "Amelia Strand"),
   ("We let her down tonight", "Joost Meijer")]),
 (["Health Minister Rahul Menon defended the new vaccine schedule on Friday.",
   "Asked whether the plan had been rushed, Menon replied: “Every step was reviewed by independent experts.”",
   "Opposition lawmaker Greta Solberg called the rollout “chaotic and badly explained” and said she would demand a hearing."],
  [("Every step was reviewed by independent experts", "Rahul Menon"),
   ("chaotic and badly explained", "Greta Solberg")]),
 (["The fire started shortly after midnight, according to the city's fire department.",
   "“The building had no working alarms,” said fire chief Tomasz Wrona, who led the rescue.",
   "“People were trapped on the top floor,” Wrona added. “Without the neighbours, we would have lost more lives.”"],
  [("The building had no working alarms", "Tomasz Wrona"), ("People were trapped on the top floor", "Tomasz Wrona"),
   ("Without the neighbours, we would have lost more lives", "Tomasz Wrona")]),
 (["Central bank governor Ines Carvalho kept interest rates unchanged.",
   "“Inflation is falling, but not fast enough,” Carvalho told a news conference in Lisbon.",
   "Economist Paul Whitby, of the research group Meridian, said the decision was expected.",
   "“Markets had priced it in weeks ago,” Whitby said."],
  [("Inflation is falling, but not fast enough", "Ines Carvalho"), ("Markets had priced it in weeks ago", "Paul Whitby")]),
 (["Astronaut Keiko Mori described the view from orbit in a video call with students.",
   "“You see no borders from up here,” she told them.",
   "Mission director Lars Eklund said the crew was healthy. “They are in excellent spirits,” Eklund said."],
  [("You see no borders from up here", "Keiko Mori"), ("They are in excellent spirits", "Lars Eklund")]),
 (["Police spokeswoman Dana Whitcombe confirmed two arrests.",
   "\"Both suspects are in custody and cooperating,\" Whitcombe said in a statement.",
   "\"We are not looking for anyone else at this time.\""],
  [("Both suspects are in custody and cooperating", "Dana Whitcombe"),
   ("We are not looking for anyone else at this time", "Dana Whitcombe")]),
 (["Novelist Hugo Brandt won the prize for his third book.",
   "“I wrote it at night, after my shifts at the hospital,” Brandt, 41, said on accepting the award.",
   "Jury chair Meera Iyer called the novel “a quiet masterpiece”."],
  [("I wrote it at night, after my shifts at the hospital", "Hugo Brandt"), ("a quiet masterpiece", "Meera Iyer")]),
 (["Union leader Sergio Bassi said the strike would go on.",
   "“Nobody goes back to work until the contracts are signed,” Bassi said outside the factory gates.",
   "The company's chief executive, Nora Lind, said talks would resume on Monday.",
   "“Our door is open,” Lind said."],
  [("Nobody goes back to work until the contracts are signed", "Sergio Bassi"), ("Our door is open", "Nora Lind")]),
 (["Mayor Felipe Ortega opened the new bridge on Sunday.",
   "“It took eleven years, three governments and a lot of patience,” Ortega said, to laughter from the crowd.",
   "Engineer Bettina Kraus, who designed the structure, said it could carry twice the expected traffic."],
  [("It took eleven years, three governments and a lot of patience", "Felipe Ortega")]),
 (["Climate scientist Olusegun Bello presented the new data in Geneva.",
   "“The last decade was the warmest on record, by a wide margin,” Bello said.",
   "“We are running out of time to act,” said Bello, who leads the study."],
  [("The last decade was the warmest on record, by a wide margin", "Olusegun Bello"),
   ("We are running out of time to act", "Olusegun Bello")]),
 (["Tennis player Mila Horvat retired from the tournament with a wrist injury.",
   "“I could not hold the racket any more,” Horvat said. “It hurts to leave like this.”",
   "Her coach, Ivan Petrovic, said scans would show how serious the injury was."],
  [("I could not hold the racket any more", "Mila Horvat"), ("It hurts to leave like this", "Mila Horvat")]),
 (["Defence Minister Aleksander Nowak said the exercises were routine.",
   "“There is nothing unusual about them,” Nowak said, adding that allies had been informed.",
   "A spokesman for the neighbouring government, Viktor Lenz, disagreed: “These drills are a provocation.”"],
  [("There is nothing unusual about them", "Aleksander Nowak"), ("These drills are a provocation", "Viktor Lenz")]),
]

C = [
 ("Amelia Strand met Joost Meijer in Rotterdam on Tuesday.", "The talks between Strand and Meijer took place in Utrecht.", "contradict"),
 ("Rahul Menon met Greta Solberg for roughly two hours on Friday.", "Menon and Solberg talked for nearly two hours on Friday.", "agree"),
 ("Ines Carvalho met Paul Whitby for about 45 minutes on Monday.", "Carvalho and Whitby met for more than three hours on Monday.", "contradict"),
 ("Keiko Mori made the first visit to Geneva by a Japanese astronaut since 2011.", "Mori is the first Japanese astronaut to visit Geneva in twelve years.", "agree"),
 ("A meeting between Sergio Bassi and Nora Lind is expected on Monday but has not been confirmed.", "Bassi met Lind on Monday afternoon.", "update"),
 ("Felipe Ortega met Bettina Kraus in Madrid on Sunday.", "Ortega met Kraus in Madrid, the capital, on Sunday.", "agree"),
 ("Olusegun Bello met Hugo Brandt in Geneva.", "Mila Horvat met Ivan Petrovic in Zagreb.", "different"),
 ("About 300 people were evacuated from the flooded valley on Saturday, Tomasz Wrona said.", "More than 280 people were evacuated from the flooded valley, according to Dana Whitcombe.", "agree"),
 ("About 300 people were evacuated from the flooded valley on Saturday, Tomasz Wrona said.", "Nearly 2,000 people were evacuated from the flooded valley, according to Dana Whitcombe.", "contradict"),
 ("Aleksander Nowak met Viktor Lenz for three and a half hours on Thursday.", "Nowak and Lenz held talks for about 210 minutes on Thursday.", "agree"),
 ("Meera Iyer met Hugo Brandt in Oslo last year.", "It is still not confirmed whether Iyer will meet Brandt later in the day.", "different"),
 ("Nora Lind met Sergio Bassi in Turin on Monday.", "Lind met Bassi in Milan on Monday.", "contradict"),
]

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "quotes_hand.jsonl"), "w", encoding="utf-8") as f:
    for paras, qs in Q:
        f.write(json.dumps({"paras": paras, "published": "2023-09-01T10:00:00Z",
                            "quotes": [{"text": t, "speaker": s} for t, s in qs]}, ensure_ascii=False) + "\n")
with open(os.path.join(here, "claims_hand.jsonl"), "w", encoding="utf-8") as f:
    for a, b, c in C:
        f.write(json.dumps({"a": {"paras": [a], "published": "2023-09-04T08:00:00Z"},
                            "b": {"paras": [b], "published": "2023-09-04T19:00:00Z"}, "class": c},
                           ensure_ascii=False) + "\n")
print(f"{sum(len(q) for _, q in Q)} hand quotes, {len(C)} hand claim pairs")
