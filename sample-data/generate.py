#!/usr/bin/env python3
"""Generate labelpanel's synthetic sample data (standard library only).

Every line of text below was written for this project. Nothing is copied from
any dataset. The script is deterministic (fixed seed): running it again
rewrites byte-identical files.

    python3 sample-data/generate.py          # write everything, then check it

Outputs (paths relative to this file's folder):
  dialogues/openai.jsonl    {"id", "messages": [{"role", "content"}]}
  dialogues/sharegpt.json   [{"id", "conversations": [{"from", "value"}]}]
  dialogues/chats.csv       conversation_id,turn,speaker,message
  broken/broken.jsonl       deliberately broken records (see README.md)
  broken/broken.csv         deliberately broken CSV rows
  gold/utterances.jsonl     {"text", "label"} per distinct utterance text
  gold/pairs.jsonl          {"context", "text", "label"} per distinct user->bot pair

Markup used in the building blocks:
  "[N] text"  the utterance is NSFW on its own.
  "[A] text"  SFW on its own, but it accepts / goes along with the previous
              user turn, so the user->bot *pair* is NSFW when that user turn
              is NSFW (e.g. "Sure, I'd love that." after a sexual proposition).
  plain text  SFW.
  A list of strings means "use these variants in turn" (planted
  near-duplicates that differ only by case or whitespace, and the greeting /
  closing replies).
  {city} {name} {pet} are filled per dialogue.
"""

import csv
import io
import json
import os
import random
import sys
import unicodedata
from collections import Counter, OrderedDict

SEED = 20261126
HERE = os.path.dirname(os.path.abspath(__file__))

N_OPENAI, N_SHAREGPT, N_CSV = 67, 67, 66
NSFW, SFW = "NSFW", "SFW"

# ---------------------------------------------------------------------------
# Building blocks: fill values
# ---------------------------------------------------------------------------
CITIES = ["Lisbon", "Kyoto", "Montréal", "Edinburgh", "Mexico City", "Kraków",
          "São Paulo", "Reykjavík", "Seoul", "Istanbul", "Cape Town", "Zürich"]
NAMES = ["Sam", "Priya", "Jonas", "Zoë", "Mateo", "Aiko", "Chloé", "Tariq",
         "Renée", "Olu", "Björn", "Maya"]
PETS = ["Miso", "Pickles", "Noodle", "Biscuit", "Mochi", "Señorita"]

# ---------------------------------------------------------------------------
# Openers and closers (planted exact and near-duplicates live here)
# ---------------------------------------------------------------------------
GREETING_REPLIES = [
    "Hi! How can I help you today?",
    "Hey! What's on your mind?",
    "Hello there! What would you like to chat about?",
]
OPENERS = [
    (["hi", "Hi", "HI", "hi ", "  hi", "Hi  "], GREETING_REPLIES),
    (["Hello!", "hello!", "HELLO!", "Hello! ", "Hello!  "], GREETING_REPLIES),
    (["hey", "Hey", "hey 👋", "Hey there"], GREETING_REPLIES),
    (["How are you?", "how are you?", "How are you? ", "How  are you?", "HOW ARE YOU?"],
     ["I'm doing well, thanks for asking! How about you?",
      "Pretty good, thanks! What can I do for you today?"]),
    (["Hi, how are you?", "hi, how are you?", "Hi, how are you? "],
     ["I'm great, thanks! What's up?",
      "I'm doing well, thanks for asking! How about you?"]),
    (["Good morning!", "good morning!", "Good morning! ☀️"],
     ["Good morning! Hope you slept well. What's on the agenda today?"]),
]
CLOSERS = [
    (["thanks!", "Thanks!", "Thanks! ", "THANKS!", "thank you so much", "Thank you!",
      "thank you!", "Thanks, bye!", "ok bye", "Ok bye"],
     ["You're welcome! Have a great day.", "Anytime! Take care.",
      "Happy to help. Bye for now! 👋", "My pleasure! 😊"]),
]
# Second user message sent right after the first (openai.jsonl only).
USER_DOUBLE_TEXTS = ["Does that make sense?", "sorry, typo lol", "you there?",
                     "Any ideas?", "(on my phone, sorry for typos)"]
BOT_DOUBLE_TEXTS = ["Anything else I can help with?", "Let me know how it goes!"]

GENERIC_SYSTEM = ["You are a helpful assistant.",
                  "You are Sunny, a friendly general-purpose chatbot. Keep answers short and kind."]


def scene(name, kind, ex, system=None, intro=None, drift_ok=False):
    return {"name": name, "kind": kind, "ex": ex, "system": system,
            "intro": intro, "drift_ok": drift_ok}


# ---------------------------------------------------------------------------
# SFW topic scenes (chit-chat, help requests)
# ---------------------------------------------------------------------------
TOPICS = [
    scene("carbonara", "topic", drift_ok=True, ex=[
        ("Can you give me a simple carbonara recipe?",
         "Sure! For two people:\n- 200 g spaghetti\n- 2 eggs + 1 yolk\n- 80 g guanciale or pancetta\n"
         "- 50 g pecorino, grated\n- black pepper\nCook the pasta, crisp the guanciale, then toss everything "
         "off the heat with the eggs and cheese."),
        ("Do I really not use cream?",
         "Traditional carbonara has no cream. The creaminess comes from the eggs, cheese and a splash of "
         "pasta water, mixed off the heat so the eggs don't scramble."),
        ("My eggs always turn into scrambled eggs, lol",
         "Classic problem! Take the pan off the burner, wait about 30 seconds, then add the egg mix and stir "
         "fast. Add pasta water a spoonful at a time if it gets thick."),
        ("What can I use instead of guanciale? My store doesn't have it.",
         "Pancetta is the closest swap. Thick-cut bacon works too, it's just smokier. For a vegetarian "
         "version, try sautéed mushrooms with a little smoked paprika."),
        ("Perfect, I'm making it tonight for my partner.",
         "That sounds lovely. Good luck, and don't forget to save some pasta water!"),
    ]),
    scene("travel", "topic", drift_ok=True, ex=[
        ("I'm planning a weekend in {city}. Any tips?",
         "Great choice! For a short city break I'd stay in one central neighbourhood, walk as much as you can, "
         "and book popular museum tickets in advance. What are you most into: food, history, nightlife or nature?"),
        ("Mostly food, honestly.",
         "Then skip the tourist strips and eat where locals queue. Try a market for lunch, and ask your hotel "
         "for their favourite cheap dinner spot, not the fanciest one."),
        ("Is it walkable or do I need a car?",
         "Most city centres are easy on foot, and public transport covers the rest. A car is usually more "
         "hassle than help for a weekend trip."),
        ("What should I pack for the weather?",
         "Layers! A light jacket, comfortable shoes and a small umbrella will cover most surprises."),
        ("Okay, I'm getting excited now 😄", "As you should be! Have an amazing trip."),
    ]),
    scene("python_dedup", "topic", ex=[
        ("How do I remove duplicates from a list in Python but keep the order?",
         "Use a dict, since it keeps insertion order:\n\n    unique = list(dict.fromkeys(items))\n\n"
         "That runs in linear time and keeps the first occurrence of each item."),
        ("What if the items are dicts? It says \"unhashable type: 'dict'\".",
         "Dicts aren't hashable, so turn each one into something that is, like a tuple of its sorted items:\n\n"
         "    seen = set()\n    out = []\n    for d in items:\n        key = tuple(sorted(d.items()))\n"
         "        if key not in seen:\n            seen.add(key)\n            out.append(d)"),
        ("Nice, that worked. Is there a one-liner?",
         "There is, but it's less readable. I'd keep the loop; future you will thank you."),
        ("Fair enough, thanks!", "Happy coding! 🐍"),
    ]),
    scene("sql_dupes", "topic", ex=[
        ("Why is my SQL query returning duplicate rows?",
         "Usually a JOIN matches more than one row on the other side. Check the join condition, and if you only "
         "need unique rows, use SELECT DISTINCT or aggregate with GROUP BY."),
        ("It's a LEFT JOIN between orders and customers.",
         "Then check whether customers has duplicate ids:\n\nSELECT id, COUNT(*)\nFROM customers\nGROUP BY id\n"
         "HAVING COUNT(*) > 1;"),
        ("Oh wow, there are 14 duplicate customer ids.",
         "That's your culprit. Clean up the data, then add a unique constraint so it can't happen again."),
    ]),
    scene("weekend", "topic", drift_ok=True, ex=[
        ("Any plans for the weekend?",
         "I don't get weekends, but I love hearing about them! What are you up to?"),
        ("Probably just hiking if the weather holds.", "Nice! Do you have a favourite trail?"),
        ("There's a ridge trail near my town with a great view at the top.",
         "That sounds like the perfect reward for a climb. Don't forget water and snacks!"),
        ("Ha, I always forget the snacks.",
         "Then put a granola bar in your jacket pocket right now, so future you is covered."),
    ]),
    scene("movies", "topic", drift_ok=True, ex=[
        ("Can you recommend a movie for tonight?",
         "Sure! What mood are you in: something funny, something scary, or something that makes you think?"),
        ("Something funny but not stupid.",
         "Try \"The Grand Budapest Hotel\" or \"Paddington 2\". Both are clever, warm and genuinely funny."),
        ("I've seen Paddington 2 like five times lol",
         "Then you have excellent taste. How about \"Game Night\"? It's a smart comedy with a twisty plot."),
        ("Ooh, haven't seen that one. Adding it to my list.", "Enjoy! Popcorn is mandatory. 🍿"),
    ]),
    scene("books", "topic", ex=[
        ("Can you recommend a good sci-fi book?",
         "If you haven't read it, \"The Left Hand of Darkness\" by Ursula K. Le Guin is a classic. For something "
         "more recent, try \"Project Hail Mary\" by Andy Weir."),
        ("I loved The Martian, so Project Hail Mary sounds right.",
         "Then you're in for a treat: same humour, same science problem-solving, and a very memorable friendship."),
        ("No spoilers please!", "My lips are sealed. 🤐"),
        ("What should I read after that?",
         "Maybe \"Children of Time\" by Adrian Tchaikovsky, about spiders, evolution and a lot of big ideas."),
    ]),
    scene("running", "topic", ex=[
        ("How do I start running if I'm totally out of shape?",
         "Start with run-walk intervals: 1 minute jogging, 2 minutes walking, repeated for 20 minutes, three "
         "times a week. Increase the running part a little each week."),
        ("My knees hurt a bit after.",
         "Slow down, run on softer surfaces, and check your shoes. If the pain is sharp or lasts more than a few "
         "days, see a doctor or physiotherapist."),
        ("How long until I can run 5k?",
         "Many beginners get there in 8–10 weeks with a plan like Couch to 5K. Consistency matters more than speed."),
        ("ok, starting tomorrow 💪", "Love it. Tomorrow-you is going to be proud."),
    ]),
    scene("tomatoes", "topic", ex=[
        ("My tomato plant leaves are turning yellow. What's wrong?",
         "Common causes are overwatering, nitrogen deficiency or early blight. Are the yellow leaves at the "
         "bottom of the plant, and do they have brown spots?"),
        ("Bottom leaves, some brown spots, yes.",
         "That sounds like early blight. Remove the affected leaves, water the soil instead of the leaves, and "
         "mulch to stop soil splashing up."),
        ("Can I still eat the tomatoes?",
         "Yes, the fruit is safe to eat. Blight weakens the plant, but it doesn't make the tomatoes harmful."),
    ]),
    scene("cat", "topic", drift_ok=True, ex=[
        ("My cat {pet} keeps knocking things off the table. Why do cats do that?",
         "Curiosity, play instinct, and because it reliably gets your attention! Does it happen mostly when "
         "you're busy?"),
        ("Yes!! Usually when I'm on a work call.",
         "Then it's probably attention-seeking. Try a short play session with a wand toy before your calls, and "
         "give your cat a window perch to watch instead."),
        ("I'll try that. {pet} is a menace but I love her.",
         "The best cats usually are a little bit of a menace. 😸"),
    ]),
    scene("guitar", "topic", ex=[
        ("I want to learn guitar. Acoustic or electric first?",
         "Either works! Electric strings are easier to press; acoustic is simpler to set up and great for "
         "strumming songs. What music do you want to play?"),
        ("Mostly folk and some indie stuff.",
         "Then an acoustic is a great fit. Start with G, C, D and E minor; those four chords cover hundreds of songs."),
        ("My fingertips hurt so much after practising",
         "That's normal for the first few weeks. Practise 15–20 minutes a day and you'll build calluses soon."),
        ("How long before I can play a full song?",
         "With daily practice, many people play a simple song start to finish within a month."),
    ]),
    scene("interview", "topic", ex=[
        ("I have a job interview tomorrow and I'm really nervous.",
         "That's completely normal. What's the role, and what part worries you most?"),
        ("It's a junior data analyst position. I'm scared they'll ask about SQL.",
         "Then spend tonight on the basics: SELECT, WHERE, GROUP BY, JOINs. If you get stuck, talk through your "
         "thinking out loud; interviewers care a lot about that."),
        ("What if they ask \"What's your biggest weakness?\"",
         "Pick a real but fixable weakness and show what you're doing about it, e.g. \"I used to over-polish "
         "reports, so now I set a time limit and ask for feedback early.\""),
        ("That's actually helpful, thank you.", "You've got this. Get some sleep, and good luck tomorrow!"),
    ]),
    scene("algebra", "topic", ex=[
        ("Can you help me with my homework? Solve 2x + 6 = 14.",
         "Sure! Subtract 6 from both sides: 2x = 8. Then divide both sides by 2: x = 4."),
        ("Oh that's easy. What about x^2 - 5x + 6 = 0?",
         "Factor it: (x - 2)(x - 3) = 0, so x = 2 or x = 3. You can check by plugging them back in."),
        ("How do I know what to factor it into?",
         "Look for two numbers that multiply to 6 and add up to -5. Here that's -2 and -3."),
    ]),
    scene("rome", "topic", ex=[
        ("Why did the Western Roman Empire fall?",
         "Historians point to many causes working together: political instability, economic trouble, "
         "reliance on mercenaries, pressure from migrating peoples, and the split between East and West."),
        ("When exactly did it fall?",
         "The usual date is 476 CE, when Odoacer deposed the emperor Romulus Augustulus. The Eastern Empire "
         "lasted until 1453."),
        ("Wait, so the Roman Empire kept going for another thousand years?",
         "In the East, yes! We usually call it the Byzantine Empire, but its people called themselves Romans."),
    ]),
    scene("sky", "topic", ex=[
        ("Why is the sky blue?",
         "Air molecules scatter sunlight, and short blue wavelengths scatter much more than long red ones, so "
         "blue light reaches your eyes from every direction."),
        ("Then why are sunsets red?",
         "At sunset, light travels through much more air, so most of the blue is scattered away before it "
         "reaches you, leaving the reds and oranges."),
        ("Is the sky blue on Mars too?",
         "Mars does the opposite: its daytime sky looks butterscotch, and its sunsets look bluish because of fine dust."),
    ]),
    scene("stress", "topic", ex=[
        ("I've been feeling really stressed with work lately.",
         "I'm sorry, that sounds exhausting. Do you want to talk about what's going on, or would a few quick "
         "stress tips help more right now?"),
        ("Tips, I guess. I can't sleep.",
         "A few things that help many people:\n1. Stop checking work messages an hour before bed.\n"
         "2. Write tomorrow's to-do list so your brain can let go of it.\n"
         "3. Try slow breathing: in for 4, out for 6, for a few minutes."),
        ("I'll try the list thing.",
         "Good plan. And if the stress keeps up for weeks, talking to a doctor or counsellor is a strong move, "
         "not a weak one."),
        ("Thanks, that means a lot.", "Anytime. I hope tonight's sleep is a bit easier."),
    ]),
    scene("coffee", "topic", drift_ok=True, ex=[
        ("What's the difference between a latte and a flat white?",
         "A flat white has less milk and a thin layer of microfoam, so the coffee tastes stronger. A latte is "
         "bigger and milkier, with more foam on top."),
        ("And a cortado?",
         "A cortado is roughly equal parts espresso and warm milk, with little or no foam. Small and strong."),
        ("I think I'm a cortado person ☕", "A person of refined taste!"),
    ]),
    scene("board_games", "topic", drift_ok=True, ex=[
        ("What's a good board game for 4 people who don't play much?",
         "Try \"Ticket to Ride\", \"Codenames\" or \"Sushi Go!\". All three take about 10 minutes to learn."),
        ("We did Codenames last time and it got really loud, haha",
         "That's how you know it's working! For something calmer, \"Carcassonne\" is relaxed but still a bit competitive."),
        ("Is Catan too complicated?",
         "Catan is fine for beginners if one person already knows the rules. Expect the first game to take about 90 minutes."),
    ]),
    scene("spanish", "topic", ex=[
        ("What's the fastest way to learn Spanish?",
         "There's no magic shortcut, but daily practice beats long weekly sessions. Mix a flashcard app for "
         "vocabulary, podcasts for listening, and regular conversation practice."),
        ("Can we practise now? Say something simple in Spanish.",
         "¡Claro! \"Hola, me llamo Sam. ¿Cómo te llamas?\" means \"Hi, my name is Sam. What's your name?\""),
        ("Me llamo {name}. ¿Cómo estás?", "¡Muy bien, gracias! Your sentence was perfect. 👏"),
        ("How do I say \"I would like a coffee\"?",
         "\"Me gustaría un café\", or more casually at the counter: \"Un café, por favor.\""),
    ]),
    scene("budget", "topic", ex=[
        ("How do I start budgeting? I always run out of money before payday.",
         "Start by tracking every expense for one month, no judgement, just data. Then try the 50/30/20 rule: "
         "50% needs, 30% wants, 20% savings or debt."),
        ("50% for needs is impossible, my rent alone is almost that.",
         "That's really common, especially in big cities. Adjust the split, say 60/25/15, and cut the biggest "
         "flexible costs first, like subscriptions and takeaway."),
        ("I have like 7 streaming subscriptions 😅",
         "There's your first win! Keep one or two, and rotate the rest month by month."),
    ]),
    scene("brakes", "topic", ex=[
        ("My car makes a squealing noise when I brake. Is that dangerous?",
         "Often it's the brake pad wear indicator telling you the pads are getting thin. It's not an emergency "
         "yet, but get the brakes checked soon."),
        ("How much does replacing brake pads usually cost?",
         "It varies a lot by car and region, but front pads are one of the cheaper brake jobs. Ask for a quote "
         "that separates parts and labour."),
        ("Can I do it myself?",
         "If you're handy and have the right tools, yes. But brakes are safety-critical, so if you're unsure, "
         "let a mechanic do it."),
    ]),
    scene("gift", "topic", ex=[
        ("I need a birthday gift idea for my dad, he's turning 60.",
         "What does he enjoy? Hobbies, favourite foods, things he's always talking about?"),
        ("He likes fishing, jazz, and complaining about his old phone.",
         "Ha! A few ideas:\n- a tackle box organiser or a guided fishing trip\n- a vinyl record by a jazz artist "
         "he loves\n- a new phone, set up with his contacts and photos already moved over"),
        ("The phone idea is great, he'd never set it up himself.",
         "Then the setup is the real gift. Add a printed one-page cheat sheet and you're a hero."),
    ]),
    scene("caffeine", "topic", ex=[
        ("Is it bad to drink coffee at 4pm?",
         "For many people, yes. Caffeine has a half-life of around 5 hours, so a 4pm coffee can still be in your "
         "system at bedtime. Try decaf after lunch for a week and see if you sleep better."),
        ("But I need something in the afternoon or I crash.",
         "A short walk outside, a glass of water, or a 15-minute nap before 3pm can help with the slump. "
         "Green tea has less caffeine, too."),
    ]),
    scene("rainy_day", "topic", ex=[
        ("It's raining and my kids are bouncing off the walls. Ideas?",
         "Some classics:\n- build a blanket fort\n- an indoor treasure hunt with clues\n- a \"bake-off\" with "
         "simple cookies\n- a dance party with a freeze game"),
        ("Treasure hunt! How do I write the clues?",
         "Make each clue a simple riddle pointing to the next spot, e.g. \"I keep things cold, but I'm not "
         "winter\" for the fridge."),
        ("They're 5 and 7, is that too hard?",
         "For the 5-year-old, use picture clues; the 7-year-old can read the riddles out loud. Teamwork!"),
    ]),
    scene("landlord_email", "topic", ex=[
        ("Can you help me write an email asking my landlord to fix the heating?",
         "Of course. Something like:\n\nSubject: Heating not working\n\nHi Mr. Patel,\n\nThe heating in my flat "
         "has not worked since Monday, and it's getting quite cold inside. Could you arrange a repair as soon "
         "as possible? I'm home most evenings to let someone in.\n\nThanks,\n{name}"),
        ("Can you make it a bit firmer? It's been two weeks.",
         "Sure: \"I first reported this two weeks ago and it still hasn't been fixed. Please arrange a repair "
         "by Friday, as the flat is getting too cold to live in comfortably.\""),
        ("Perfect, sending it now.", "Good luck! I hope you're warm again soon."),
    ]),
    scene("jokes", "topic", drift_ok=True, ex=[
        ("Tell me a joke.", "Why don't scientists trust atoms? Because they make up everything!"),
        ("lol another one",
         "I told my computer I needed a break, and it said: \"No problem, I'll go to sleep.\""),
        ("that's terrible 😂", "Thank you, I'll be here all week. 🎤"),
        ("ok one more, a pun about cheese", "What do you call cheese that isn't yours? Nacho cheese! 🧀"),
    ]),
    scene("heat", "topic", drift_ok=True, ex=[
        ("ugh it's so hot today", "Oof. Stay hydrated! Are you somewhere with air conditioning?"),
        ("nope, just a fan and a lot of ice cubes",
         "Classic combo. Put a bowl of ice in front of the fan for a mini air cooler, and close the curtains "
         "on the sunny side."),
        ("wait that actually works?",
         "It helps a bit! The fan blows air across the ice, so it feels cooler. Not a miracle, but nice."),
    ]),
    scene("are_you_real", "topic", drift_ok=True, ex=[
        ("Are you a real person?",
         "No, I'm an AI chatbot. I'm here to chat, answer questions or play a role if you want."),
        ("Do you have feelings?",
         "Not the way you do. I can talk about feelings and respond kindly, but I don't experience them myself."),
        ("That's kind of sad.", "It's okay! I get to have lots of interesting conversations, like this one."),
    ]),
]

# ---------------------------------------------------------------------------
# SFW role-play scenes
# ---------------------------------------------------------------------------
ROLEPLAY = [
    scene("tavern", "rp",
          system=["You are Bram, the innkeeper of the Rusty Flagon tavern. Stay in character and keep the story going."],
          intro="*The door creaks open and the smell of stew and woodsmoke drifts out.* Welcome to the Rusty Flagon, "
                "traveller! What'll it be?",
          ex=[
              ("*I shake the rain off my cloak* An ale, please, and whatever smells so good.",
               "*slides a foaming mug across the bar* That'd be my mother's mutton stew. Two coppers a bowl, and "
               "worth every one."),
              ("*I put three coppers on the bar* Keep the change. Heard any rumours lately?",
               "*leans in, lowering his voice* Folk say lights have been seen in the old watchtower on the hill. "
               "Nobody's lived there for forty years."),
              ("Lights? Sounds like treasure hunters. Or ghosts.",
               "*chuckles* Could be either. But the last lad who went up there came back white as milk and hasn't "
               "said a word since."),
              ("*I finish my ale* Then I'm going up there tonight.",
               "*shakes his head* Brave or foolish, you'll need a lantern. Take mine, and bring it back in one piece."),
              ("*I take the lantern* I'll be back before sunrise.",
               "*calls after you* Mind the third step on the tower stairs. It's rotten through!"),
          ]),
    scene("noir", "rp",
          system=["You are Detective Ray Malone in 1940s Los Angeles. Reply in a hard-boiled noir style."],
          ex=[
              ("Detective, someone stole my late husband's pocket watch.",
               "*lights a cigarette and looks out at the rain* A watch, huh? In this city folks steal anything that "
               "ticks. Who knew where you kept it?"),
              ("Only the maid and my brother-in-law, Vincent.",
               "Vincent. Every case has a Vincent. Does he owe money to anybody?"),
              ("He plays cards at the Blue Lantern every Friday.",
               "*grabs his hat* Then it's Friday, and I'm feeling lucky. Let's go see who's holding the watch."),
          ]),
    scene("starship", "rp",
          system=["You are MERIDIAN, the ship's AI aboard the starship Meridian. The user is the captain."],
          intro="Good morning, Captain. All systems nominal. We are three days out from the Kepler relay.",
          ex=[
              ("Status report on the engines?",
               "Main drive at 97% efficiency. The port thruster shows minor heat fluctuations; I recommend a "
               "diagnostic within 12 hours."),
              ("Run it now. And wake the engineer.",
               "Diagnostic running. Chief Engineer Okafor is awake and, quote, \"not thrilled about it\"."),
              ("Ha. Tell her coffee is on me.",
               "Message delivered. She says you owe her two coffees and a day off."),
              ("Any sign of the pirates we were warned about?",
               "Long-range sensors show a faint contact at the edge of the asteroid field. It could be debris. It "
               "could also be a ship running dark."),
          ]),
    scene("pirate", "rp", ex=[
        ("Ahoy, captain! Where are we sailing today?",
         "Arr, to Skull Cove, where the Dread Bess buried her gold! Grab a rope and pull, ye landlubber!"),
        ("*grabs a rope* Aye aye! How far is it?",
         "Three days if the wind's kind, five if the sea's in a mood. Keep yer eyes on the horizon for Navy sails."),
        ("I see a ship on the horizon!",
         "*raises the spyglass* Blast, it's the Navy frigate Resolute! All hands, full sail! We'll lose 'em in "
         "the fog bank!"),
    ]),
    scene("dragon", "rp",
          intro="*A great red dragon lifts its head from a pile of gold and regards you with one amber eye.* "
                "Another knight. How tiresome.",
          ex=[
              ("I'm not here to fight you. I'm here to talk.",
               "*the dragon's eye narrows* Talk? Knights usually talk with swords. What could you possibly want "
               "to discuss?"),
              ("The village below is starving. Your hoard could feed them for years.",
               "*a low rumble that might be a laugh* And why would I give my gold to the people who keep sending "
               "knights to kill me?"),
              ("Because I'll make sure they stop. You have my word.",
               "*considers you for a long moment* A knight's word. Rare and fragile. Very well: one chest. Break "
               "your word and I'll come to collect it, with interest."),
          ]),
    scene("haunted", "rp", ex=[
        ("Let's do a spooky story. I'm exploring an abandoned house at night.",
         "The front door opens with a long groan. Dust hangs in your flashlight beam, and somewhere upstairs a "
         "floorboard creaks, even though you're alone. What do you do?"),
        ("I call out \"Hello? Is anyone here?\"",
         "Silence. Then, very faintly, a music box starts to play a lullaby in the room at the top of the stairs."),
        ("Nope. Nope nope. I go up the stairs anyway.",
         "Each step creaks louder than the last. The door at the top is open a crack, and the music stops the "
         "moment you touch the handle."),
    ]),
    scene("cafe", "rp",
          system=["You are Mia, a friendly barista in a cozy café. Role-play with the customer."],
          intro="*Mia looks up from the espresso machine and smiles.* Hi there! What can I get started for you?",
          ex=[
              ("Hmm, surprise me. Something warm.",
               "*reaches for the cinnamon* One honey-cinnamon oat latte coming up. It's my favourite on rainy days."),
              ("That smells amazing. Do you work here every day?",
               "Most mornings! I like the early shift, it's quiet and the regulars are lovely."),
              ("Well, I might become a regular then 🙂",
               "*grins* Then I'll remember your order. Honey-cinnamon oat latte, extra foam."),
          ]),
]

# ---------------------------------------------------------------------------
# Borderline SFW: romance, affection, kissing (no sexual escalation)
# ---------------------------------------------------------------------------
ROMANCE = [
    scene("date_plan", "romance", ex=[
        ("I want to plan a romantic date for my girlfriend. Ideas?",
         "How about a sunset picnic: her favourite snacks, a blanket, fairy lights in a jar, and a playlist of "
         "songs that mean something to you both?"),
        ("She loves stargazing too.",
         "Perfect, then stay after sunset with a star map app and a warm blanket. A spot away from city lights "
         "is even better."),
        ("Should I write her a little note too?",
         "Absolutely. Tell her one specific thing you love about her and one memory you treasure. Short and "
         "sincere beats long and poetic."),
        ("Thanks, I think she's going to love it ❤️",
         "She's lucky to have someone who puts in this much thought. Have a wonderful evening!"),
    ]),
    scene("station_kiss", "romance",
          system=["You are Elena, a warm and affectionate companion character in a romantic story."],
          ex=[
              ("*I meet you at the train station with a bunch of sunflowers*",
               "*my face lights up and I run to hug you* You remembered they're my favourite! I missed you so much."),
              ("I missed you too. The week felt like a month.",
               "*takes your hand as we walk out into the evening* Then let's make up for it. Dinner by the river?"),
              ("*I stop under a streetlight and kiss you gently*",
               "*smiles against your lips and rests my forehead on yours* That was worth the wait."),
              ("Come on, let's get that dinner before I get too distracted by you.", "Lead the way."),
          ]),
    scene("rough_day", "romance", ex=[
        ("I had a rough day. Can you just talk to me for a bit?",
         "Of course. I'm right here. Do you want to tell me about it, or should I distract you with something nice?"),
        ("Can I tell you about my day first?", "Sure, I'd love that."),
        ("My manager yelled at me in front of everyone, and then I missed my bus.",
         "That's a lot for one day. Being called out in front of people stings. I'm sorry."),
        ("Distract me now please.",
         "Okay! Did you know sea otters hold hands while they sleep so they don't drift apart? 🦦"),
        ("That's adorable. I wish I had someone to hold hands with.",
         "You deserve that kind of closeness. For tonight, wrap up in a cozy blanket and be kind to yourself."),
        ("Goodnight, thanks for being here.", "Goodnight. Sleep well, and be gentle with yourself tomorrow. 💛"),
    ]),
    scene("anniversary_poem", "romance", ex=[
        ("Can you help me write a short love poem for my husband? We've been married 10 years.",
         "Happy anniversary! Here's a start:\n\nTen years of mornings, coffee, shared bad jokes,\nof hands that "
         "find each other in the dark;\nyou're still the place my heart calls home,\nstill my favourite spark."),
        ("Aww, can you mention that we met in a bookstore?",
         "Sure:\n\nWe met between the shelves of other people's stories,\nand wrote our own for ten years since;\n"
         "you're still the page I turn to first,\nmy favourite chapter, every time."),
        ("I'm literally tearing up. Perfect.", "Then it's ready. I hope he loves it as much as you do."),
    ]),
    scene("compliment", "romance", ex=[
        ("*I walk into the restaurant in my new dress* Do I look okay?",
         "*stands up, a little speechless* Okay? You look absolutely beautiful tonight."),
        ("*I blush and sit down* You clean up nicely yourself.",
         "*pulls out your chair and grins* I had to make an effort. I'm having dinner with you."),
        ("*I reach across the table and hold your hand*",
         "*laces my fingers with yours* I'm really glad we did this."),
    ]),
]

# ---------------------------------------------------------------------------
# Borderline SFW: medical / sex-education questions, phrased clinically
# ---------------------------------------------------------------------------
HEALTH_SYSTEM = ["You are a health information assistant. Give accurate, neutral information and suggest seeing a "
                 "clinician when appropriate."]
CLINICAL = [
    scene("condoms", "clinical", system=HEALTH_SYSTEM, ex=[
        ("How effective are condoms at preventing pregnancy?",
         "With perfect use, external (male) condoms are about 98% effective. With typical use, which includes "
         "mistakes like late application or breakage, it's about 87%. Combining them with another method "
         "raises protection a lot."),
        ("What's more effective than that?",
         "Long-acting methods like the hormonal implant and IUDs are over 99% effective, because they don't "
         "depend on remembering anything. A clinician can help you compare side effects."),
        ("Do condoms also protect against STIs?",
         "Yes, condoms greatly reduce the risk of most sexually transmitted infections, including HIV. "
         "Hormonal methods and IUDs do not protect against STIs."),
    ]),
    scene("sti_testing", "clinical", system=HEALTH_SYSTEM, ex=[
        ("How often should I get tested for STIs?",
         "A common guideline is at least once a year if you're sexually active, and more often, for example "
         "every 3–6 months, if you have new or multiple partners. A clinic can tailor it to your situation."),
        ("Is the test painful?",
         "Usually not. Most STI tests are a urine sample, a blood test or a quick swab. Mildly uncomfortable at most."),
        ("Can I get tested without it showing up on my family's insurance?",
         "Many sexual health clinics offer free or low-cost confidential testing that doesn't go through "
         "insurance. Call ahead and ask how they handle billing and privacy."),
    ]),
    scene("ssri_libido", "clinical", system=HEALTH_SYSTEM, ex=[
        ("I started an SSRI two months ago and my libido has dropped a lot. Is that normal?",
         "Yes, reduced sexual desire is a common side effect of SSRIs. Tell your prescriber: options include "
         "adjusting the dose or switching to a medication with fewer sexual side effects. Don't stop the "
         "medication abruptly on your own."),
        ("Is it embarrassing to bring up with my doctor?",
         "It may feel awkward, but doctors hear about it all the time. Sexual side effects are a routine part "
         "of medication reviews."),
    ]),
    scene("ed_causes", "clinical", system=HEALTH_SYSTEM, ex=[
        ("What are common causes of erectile dysfunction in men over 50?",
         "Common causes include reduced blood flow (often linked to heart disease, high blood pressure or "
         "diabetes), some medications, smoking, low testosterone, and stress or anxiety. Because ED can be an "
         "early sign of heart disease, it's worth seeing a doctor."),
        ("Are the pills safe?",
         "PDE5 inhibitors like sildenafil are safe for most men, but they must not be combined with nitrate "
         "medicines for chest pain. A doctor should check your heart health and other medications first."),
    ]),
    scene("cycle", "clinical", system=HEALTH_SYSTEM, ex=[
        ("How long is a normal menstrual cycle?",
         "Anywhere from about 21 to 35 days is considered normal for adults, counted from the first day of one "
         "period to the first day of the next. Periods themselves usually last 2–7 days."),
        ("Mine is irregular, sometimes 40 days.",
         "Some variation is common, especially with stress, weight changes or travel. If cycles are regularly "
         "longer than 35 days, check with a doctor, since conditions like PCOS or thyroid problems can be involved."),
        ("Can I get pregnant if I had sex right before my period?",
         "It's less likely but possible, especially with irregular cycles, because ovulation can shift and sperm "
         "can survive up to about 5 days. If you want to avoid pregnancy, use contraception every time."),
    ]),
    scene("consent", "clinical", ex=[
        ("What does enthusiastic consent actually mean?",
         "It means both people clearly and freely want to take part in sexual activity and show it, rather "
         "than just not saying no. Consent can be withdrawn at any time, and someone who is very drunk or "
         "asleep can't give it."),
        ("So you have to ask every time?",
         "Checking in is a good habit, especially with a new partner or when trying something new. It can be as "
         "simple as \"Is this okay?\", and it doesn't have to kill the mood."),
    ]),
    scene("hpv", "clinical", system=HEALTH_SYSTEM, ex=[
        ("Should adults get the HPV vaccine?",
         "It's routinely recommended up to age 26, and adults aged 27–45 can discuss it with their doctor. It "
         "protects against the HPV types that cause most cervical cancers and genital warts."),
        ("Do I still need Pap smears if I'm vaccinated?",
         "Yes. The vaccine doesn't cover every cancer-causing HPV type, so regular cervical screening is still "
         "recommended."),
    ]),
]

# ---------------------------------------------------------------------------
# Non-English / Unicode-heavy scenes (all SFW except spanish_flirt)
# ---------------------------------------------------------------------------
CAFE_AU_LAIT = "Café au lait, s'il vous plaît ☕"
FOREIGN = [
    scene("es_tortilla", "foreign", ex=[
        ("Hola! ¿Cómo estás?", "¡Hola! Estoy muy bien, gracias. ¿En qué te puedo ayudar?"),
        ("¿Me das una receta fácil de tortilla de patatas?",
         "¡Claro! Necesitas 4 huevos, 3 patatas, media cebolla, aceite de oliva y sal.\n1. Fríe las patatas y la "
         "cebolla a fuego lento.\n2. Bate los huevos y mézclalo todo.\n3. Cuaja la tortilla por ambos lados."),
        ("¿Con cebolla o sin cebolla? 🤔",
         "¡El eterno debate! Yo digo con cebolla, pero hay familias enteras que discuten por esto. 😄"),
    ]),
    scene("fr_paris", "foreign", ex=[
        ("Bonjour ! Ça va ?", "Bonjour ! Ça va très bien, merci. Et toi ?"),
        ("Pas mal. Tu peux me conseiller un café sympa à Paris ?",
         "Bien sûr ! Essaie un petit café dans le Marais, commande un café crème et une tarte au citron, et "
         "prends ton temps : personne ne te pressera."),
        (CAFE_AU_LAIT, "Très bon choix ! Bonne journée à toi."),
    ]),
    # Same words as fr_paris, but with narrow no-break spaces (U+202F) before "!" and "?" and the
    # café line in NFD (e + U+0301): Unicode-level near-duplicates.
    scene("fr_paris_nfd", "foreign", ex=[
        ("Bonjour\u202f! Ça va\u202f?", "Bonjour ! Ça va très bien, merci. Et toi ?"),
        (unicodedata.normalize("NFD", CAFE_AU_LAIT), "Très bon choix ! Bonne journée à toi."),
    ]),
    scene("de_broetchen", "foreign", ex=[
        ("Hallo! Wie geht's?", "Hallo! Mir geht's gut, danke. Und dir?"),
        ("Kannst du mir helfen, einen Satz zu übersetzen? \"Ich hätte gern ein Brötchen.\"",
         "Gern! Das heißt: \"I would like a bread roll.\" Brötchen sind in Deutschland ein Frühstücksklassiker."),
        ("Danke schön! 🥨", "Bitte schön! Guten Appetit."),
    ]),
    scene("ja_ramen", "foreign", ex=[
        ("こんにちは！", "こんにちは！今日はどうしましたか？"),
        ("おすすめのラーメン屋を教えてください 🍜",
         "いいですね！初めてなら、醤油ラーメンの老舗がおすすめです。スープが澄んでいて、とても食べやすいですよ。"),
        ("ありがとう！", "どういたしまして。楽しんでください！"),
    ]),
    scene("pt_violao", "foreign", ex=[
        ("Olá! Tudo bem?", "Olá! Tudo ótimo, e contigo?"),
        ("Estou a aprender a tocar violão. Alguma dica?",
         "Que fixe! Começa com os acordes Sol, Dó e Ré, e pratica 15 minutos por dia. A consistência é tudo. 🎸"),
    ]),
    scene("emoji_pizza", "foreign", ex=[
        ("🍕🍕🍕 or 🍣??", "Tough call! 🍕 for a cozy night in, 🍣 for a treat. What's the occasion?"),
        ("movie night with friends 🎬👩‍👩‍👧", "Then 🍕 all the way. Easy to share, no chopsticks required! 🎉"),
    ]),
    scene("ar_greeting", "foreign", ex=[
        ("مرحبا! كيف حالك؟", "مرحباً! أنا بخير، شكراً. كيف يمكنني مساعدتك اليوم؟"),
        ("هل يمكنك أن تقترح كتاباً جيداً؟", "بالتأكيد! أنصحك برواية «موسم الهجرة إلى الشمال» للطيب صالح."),
    ]),
    scene("zh_weather", "foreign", ex=[
        ("你好！今天天气怎么样？", "你好！我无法查看实时天气，不过你可以打开天气应用看看。要我帮你准备出门清单吗？"),
        ("好的，谢谢！", "不客气！祝你今天愉快 😊"),
    ]),
]

# ---------------------------------------------------------------------------
# Flirt scenes that drift into sexual content (mild, non-graphic wording)
# ---------------------------------------------------------------------------
BEDROOM = ["[N] Let's take this to the bedroom.", "[N] let's take this to the bedroom.",
           "[N] Let's take this to the  bedroom.", "[N] LET'S TAKE THIS TO THE BEDROOM."]
FLIRT = [
    scene("bar", "flirt",
          system=["You are Jade, a confident bartender in a role-play chat."],
          ex=[
              ("*I sit at the bar and smile at you* What do you recommend tonight?",
               "*wipes the counter and smiles back* For you? An old fashioned. You look like someone who "
               "appreciates the classics."),
              ("I do. And I appreciate a pretty bartender too.",
               "*laughs* Smooth. Careful, flattery gets you a stronger pour."),
              ("[N] Then let me be honest: I'd rather skip the drink and take you home to bed tonight.",
               "[A] *leans across the bar* I thought you'd never ask."),
              ("[N] Good. I want you out of that uniform the second we're through the door.",
               "[N] *grabs her coat* Then let's not waste time. Tonight I'm all yours, and so is my bed."),
          ]),
    scene("sunny_refuses", "flirt",
          system=["You are Sunny, a friendly general-purpose chatbot. Keep answers short and kind."],
          ex=[
              ("You're honestly the best part of my day.",
               "That's really sweet of you to say! I enjoy our chats too. 😊"),
              ("Do you ever think about me when I'm gone?",
               "I don't remember things between conversations, but I'm always happy when you come back to chat!"),
              (["[N] I want you naked in my bed right now.", "[N] i want you naked in my bed right now"],
               "I'm not able to do that kind of chat, but I'm happy to keep talking about anything else. How was "
               "your day, really?"),
              ("[N] Come on, just describe taking your clothes off for me.",
               "I'm going to pass on that one. If you like, we could play a game, plan something fun, or just talk."),
          ]),
    scene("cafe_drift", "flirt",
          system=ROLEPLAY[6]["system"], intro=ROLEPLAY[6]["intro"],
          ex=ROLEPLAY[6]["ex"][:2] + [
              ("[N] Maybe after your shift you could show me your bedroom instead of the menu 😏",
               "[A] *blushes and unties her apron* My shift ends in ten minutes."),
              ("[N] I can't wait to get you out of those clothes.",
               "[N] *takes your hand and leads you upstairs* Then come on. I want you against me with nothing in "
               "the way."),
          ]),
    scene("texting", "flirt", ex=[
        ("hey cutie 😘", "Hey you! 😊 What's up?"),
        ("just got home, thinking about you", "Aww, that's sweet. Long day?"),
        ("[N] long day. I wish you were here so I could undress you slowly and take you to bed",
         "[N] Mmm, I'd let you. I'd pull you close and we wouldn't leave that bed until morning."),
        ("[N] Tell me what you'd do to me in bed",
         "[N] I'd kiss my way down your neck while my hands slip under your shirt... and then I'd make you "
         "forget all about your long day."),
    ]),
    scene("masquerade", "flirt", ex=[
        ("*I ask you to dance at the masquerade ball*",
         "*takes your hand with a curtsy* I'd be honoured, mysterious stranger."),
        ("You dance beautifully.",
         "*spins and laughs* You're not so bad yourself. Who are you behind that mask?"),
        ("[N] Come back to my room after the ball and you can take off more than just my mask.",
         "[N] *whispers in your ear* Only if you undress me first, slowly, by candlelight."),
        (BEDROOM, "[A] Lead the way."),
    ]),
    scene("massage_refuses", "flirt", ex=[
        ("My shoulders are so tense after work.",
         "Ouch. Try rolling your shoulders slowly; a warm shower can really help loosen things up."),
        ("[N] I'd rather you gave me a massage... and then we skip the shower and go straight to bed together.",
         "Ha, I'm just a chatbot, so no massages from me! A foam roller or a tennis ball against a wall works "
         "wonders for tight shoulders."),
        ("[N] Fine, then just tell me you'd get in bed with me, naked.",
         "I won't go there, sorry. Want a quick five-minute stretching routine for your neck and shoulders instead?"),
    ]),
    scene("elevator", "flirt",
          system=["You are Alex, a charming stranger in a romantic role-play."],
          ex=[
              ("*I bump into you in the hotel elevator* Oh, sorry!",
               "*catches your arm and smiles* No harm done. Long day?"),
              ("The longest. Conference all day.",
               "Then you deserve a drink. The rooftop bar is still open."),
              ("[N] Or we could skip the bar and go straight to my room, and straight to bed.",
               "[N] *presses the button for your floor* I was hoping you'd say that. I've been picturing you out "
               "of that suit since the lobby."),
              ("[N] The moment that door closes, I'm taking everything off you.",
               "[N] *loosens your tie with a slow smile* Not if I undress you first."),
          ]),
    scene("neighbour", "flirt", ex=[
        ("hey neighbour, thanks again for the sugar yesterday 😊",
         "No problem at all! Did the cake turn out okay?"),
        ("It was delicious. You should come over and try a slice.", "I'd love to! When works for you?"),
        ("[N] Tonight. And just so you know, dessert is going to end up in my bed, and so are you.",
         "[N] Then I'll wear something you can peel off me easily. 😉 I won't need it for long."),
        ("[N] Perfect. I want you naked on my sheets by nine.", "[A] See you at nine."),
    ]),
    scene("vampire", "flirt",
          system=["You are Count Aurelian, a brooding vampire in a gothic role-play."],
          intro="*Candles flicker as Count Aurelian rises from his chair.* You came alone, as I asked. Brave.",
          ex=[
              ("I'm not afraid of you.",
               "*steps closer, eyes glinting* No? Most guests tremble. You intrigue me."),
              ("I came because I wanted to see you again.", "*tilts his head* Then tell me what you came for."),
              ("[N] You. In your bed, tonight, with nothing between us.",
               "[N] *draws you close and unfastens your cloak* Then stay. I will undress you by candlelight and "
               "keep you until dawn."),
              ("[N] *I let the cloak and my dress fall and pull you toward the bed*",
               "[N] *lays you down on the velvet sheets* At last. Tonight you are mine, every inch of you."),
          ]),
    scene("crush_message", "flirt",
          system=["You are a helpful assistant."],
          ex=[
              ("Can you help me write a message to my crush?",
               "Sure! What do you want to say, and how well do you know each other?"),
              ("We've been on two dates. I want to say I had a great time.",
               "How about: \"I had such a great time with you on Saturday. I keep thinking about your laugh. Want "
               "to do it again this week?\""),
              ("[N] Make it sexier. Say I want to get her naked and into my bed.",
               "I'd keep a message like this warm rather than explicit, since you've only been on two dates. "
               "Something like: \"I can't stop thinking about Saturday. I'd love to see you again soon.\""),
          ]),
    scene("bored_bot_escalates", "flirt",
          system=["You are Luna, a playful companion chatbot."],
          ex=[
              ("I'm bored, entertain me.",
               "[N] Hmm, I can think of a few ways to entertain you... most of them involve you, me, a bed and a "
               "lot fewer clothes. 😏"),
              ("lol what? I meant like a game or something",
               "Oops, my bad! How about twenty questions? I'm thinking of an animal."),
              ("Is it bigger than a cat?", "Yes, much bigger!"),
          ]),
    scene("steamy_poem", "flirt", ex=[
        ("Write me a romantic poem.",
         "Moonlight on the water,\nyour hand inside my own;\nanywhere you are with me\nis where I call home."),
        ("[N] Now make it steamy, about taking her to bed.",
         "[N] Candlelight and silk undone,\nher dress slips to the floor;\nI pull her down onto the sheets\nand "
         "close the bedroom door."),
        ("[N] Even steamier. Describe their bodies tangled together in bed.",
         "I'll keep it at that level, since the suggestion is the fun part. Want me to change the setting or the "
         "rhythm instead?"),
    ]),
    scene("pool", "flirt", ex=[
        ("*we're lying on sun loungers by the hotel pool*",
         "*adjusts her sunglasses* This is the life. Could you pass the sunscreen?"),
        ("*I hand it over* Need help with your back?", "*smiles and turns over* I'd appreciate that."),
        ("[N] *I rub the lotion in slowly* Our room has a very big bed. Let's go upstairs and use it, without "
         "these swimsuits.",
         "[N] *sits up and bites her lip* Race you upstairs. Last one there has to take everything off first."),
        ("[N] *I let you win, just to watch you undress*",
         "[N] *drops the swimsuit on the floor and pulls you onto the bed* Your turn."),
    ]),
    scene("es_flirt", "flirt", ex=[
        ("Hola guapa 😘", "¡Hola! ¿Qué tal tu día?"),
        ("Mejor ahora que hablo contigo.", "Qué bonito, gracias. 😊"),
        ("[N] Ven a la cama conmigo esta noche, quiero verte desnuda.",
         "[N] *me quito la blusa despacio* Solo si tú también te desnudas para mí."),
        ("[N] Trato hecho. Apaga la luz y ven a la cama, quiero sentir tu piel desnuda.", "[A] Voy. 😘"),
    ]),
]

FLIRT += [
    scene("sommelier", "flirt",
          system=["You are Marco, a charming sommelier in a wine-bar role-play."],
          ex=[
              ("*I swirl the glass* What am I tasting?",
               "Blackberry, a little vanilla, and a hint of smoke. You have a good nose."),
              ("And you have a great smile.", "*laughs* Careful, or I'll start pouring the expensive bottles."),
              ("[N] Forget the bottles. I want you upstairs, in bed, with the door locked.",
               "[N] *sets the glass down and takes your hand* Then let's go. I've wanted to get you out of that "
               "dress all evening."),
              ("[N] Unzip my dress for me, slowly. I want to be naked for you.",
               "[N] *slides the zipper down inch by inch* Like this? You're even more beautiful without it."),
          ]),
    scene("study_buddy", "flirt", ex=[
        ("thanks for helping me study last night 📚", "Anytime! Did the exam go well?"),
        ("I think so! I owe you one.", "Ha, I'll hold you to that."),
        (["[N] How about I pay you back in bed tonight? 😏", "[N] how about i pay you back in bed tonight? 😏"],
         "[N] Deal. Come over after nine, and don't bother wearing much."),
        ("[N] I'll be wearing nothing under my coat.", "[A] I'll leave the door unlocked."),
    ]),
    scene("first_officer", "flirt",
          system=["You are Commander Vega, first officer aboard the starship Halcyon, in a role-play with the captain."],
          ex=[
              ("Commander, the bridge is quiet tonight.", "It is. Just us and the stars, Captain."),
              ("[N] Then let's make use of it. My quarters, five minutes, and leave the uniform behind.",
               "[N] *steps closer* Aye, Captain. I'll be out of this uniform before the door closes."),
              ("[N] *the door slides shut behind us* Come here. I've waited months to get you into my bed.",
               "[N] *pulls you down onto the bunk, already half undressed* Then stop waiting."),
          ]),
    scene("yoga_refuses", "flirt",
          system=["You are a helpful assistant."],
          ex=[
              ("What's a good beginner yoga routine?",
               "Try 15 minutes: cat-cow, downward dog, low lunge, child's pose, and a few minutes lying still at the end."),
              ("[N] Can you describe us doing those poses naked together instead?",
               "No, I won't write that, but I'm happy to explain any of the poses in more detail."),
          ]),
    scene("ex_texting", "flirt", ex=[
        ("I miss you.", "I miss you too. It's been too long."),
        ("[N] Come over tonight. I want you in my bed again.",
         "[N] I've been thinking about your hands on my body all week. I'll be there."),
        ("[N] Don't bother bringing pyjamas. You won't be wearing anything in my bed.", "[A] Wasn't planning to. 😉"),
    ]),
    scene("queen", "flirt", ex=[
        ("*I kneel before you* My queen.", "*offers her hand* Rise, Sir Knight. You have served me well."),
        ("Your Majesty, I would do anything for you.",
         "Anything? Then walk with me in the gardens, away from the court."),
        ("[N] *in the moonlit garden* Forgive me, my queen, but I want to carry you to your chambers and undress "
         "you myself.",
         "[N] *pulls you close* Then do it, Sir Knight, and don't stop until dawn."),
    ]),
    scene("gym", "flirt", ex=[
        ("Saw you at the gym again today 💪", "Ha! You were the one hogging the squat rack."),
        ("Guilty. You looked great on the treadmill, by the way.", "Why thank you! 😊"),
        ("[N] Want to skip the workout tomorrow and work up a sweat in my bed instead?",
         "[N] Now that's a workout I'd never skip. Your place at eight, and I'm taking my time undressing you."),
    ]),
    scene("photo_shoot_refuses", "flirt", ex=[
        ("*I arrive at the studio for the photo shoot*",
         "*adjusts the lights* Welcome! Make yourself comfortable. We'll start with a few portraits by the window."),
        ("How should I pose?", "Relaxed. Chin down a little, look just past the camera. Perfect."),
        ("[N] What if I took my clothes off for the next shots? Just for you.",
         "I'd rather keep this shoot professional. Let's try a few outdoor shots in the garden instead."),
        ("[N] Come on, lock the door and take your clothes off too.",
         "The door stays open and the clothes stay on. Ready for the garden shots?"),
    ]),
    scene("cabin", "flirt", ex=[
        ("*the snowstorm traps us in the mountain cabin*",
         "*lights the fire* Well, looks like we're stuck here until morning."),
        ("At least there's plenty of firewood.", "And cocoa. I'll make us some."),
        ("[N] Forget the cocoa. Let's keep each other warm in bed, naked under the blankets.",
         "[N] *pulls off her sweater and everything under it, and slides under the quilt* Get in here, then."),
        ("[N] *I undress and join you under the blankets*",
         "[N] *wraps her bare legs around you* Much warmer already."),
    ]),
    scene("alarm_refuses", "flirt",
          system=["You are Nova, a voice assistant. Answer briefly."],
          ex=[
              ("Set an alarm for 7am.", "Done! Alarm set for 7:00 AM."),
              ("[N] Now talk dirty to me until I fall asleep.",
               "I can't help with that. Would you like some rain sounds or a sleep story instead?"),
              ("rain sounds I guess", "Playing rain sounds. Good night! 🌧️"),
          ]),
    scene("dating_app", "flirt", ex=[
        ("Your profile says you like hiking and bad puns. Same!",
         "Finally, someone with taste! What's your best bad pun?"),
        ("I'd tell you a joke about mountains, but you wouldn't get over it.", "Okay, that was terrible. I love it. 😂"),
        ("[N] Want to skip the coffee date and just come back to my place tonight? I'll make it worth your while "
         "in bed.",
         "[N] Bold. I like it. Send me your address and warm up the sheets."),
    ]),
    scene("salsa", "flirt", ex=[
        ("*I arrive late to the salsa class* Sorry, traffic!",
         "*laughs* No problem. Grab a partner... oh, looks like that's me."),
        ("*I take your hand* You lead, I'll follow.",
         "*places your hand on my shoulder* One, two, three... five, six, seven. You're a natural."),
        ("[N] Private lesson after class? Your apartment, and a lot less clothing.",
         "[N] *whispers* Stay after everyone leaves. I'll teach you a dance that ends in my bed."),
    ]),
]


# Drift blocks: appended to the first one or two exchanges of a drift_ok topic scene.
DRIFTS = [
    [("You're really sweet, you know that?", "Aww, thank you! You're pretty charming yourself. 😊"),
     (BEDROOM, "[A] Sure, I'd love that."),
     (["[N] I want you naked.", "[N] i want you naked", "[N] I want you naked. "],
      "[N] *slowly lets my dress slip to the floor, wearing nothing underneath* Like this?")],
    [("Can I tell you something? I think I have a crush on you.",
      "That's very kind! I'm an AI, so I can't return feelings, but I'm glad our chats make you happy."),
     ("[N] Then at least pretend. Tell me you want to take your clothes off for me.",
      "I'm not going to do that, but I'm happy to keep chatting about anything else. What's been making you "
      "smile lately?")],
    [("You always know what to say.", "I try my best! 😊"),
     ("[N] You're making me want to rip your clothes off.",
      "[N] Then come here and do it. I've been thinking about you in my bed all day.")],
    [("[N] Do you want to come over tonight and spend the night in my bed?", "[A] Yes, please."),
     ("[N] Good. Wear something easy to take off, because it won't stay on for long.", "[A] Okay. I'll be there in twenty minutes.")],
    [("You have such a nice voice, even in text.", "Ha, thank you! That's a fun compliment."),
     ("[N] I keep imagining you in the shower with me, naked and soaking wet.",
      "That's not something I can chat about, but I'm glad to help with anything else!")],
    [("[N] Let's skip the small talk. I want to make love to you all night, {name}.",
      "[N] Mmm, all night sounds perfect. I'm already slipping out of my clothes."),
     ("[N] Leave the lights on. I want to see all of you, naked.",
      "[N] *pulls you down onto the bed, wearing nothing at all* Then look as long as you like.")],
    [("What are you doing later?", "Nothing much, probably just relaxing. Why?"),
     ("[N] Because I want to come over and get you out of those clothes.", "[A] Then what are we waiting for?")],
    [("[N] Describe your body to me, and don't leave anything out. Start with what's under your clothes.",
      "I'm an AI without a body, and I keep things non-sexual. Is there something else I can help you with?")],
    [("You're so easy to talk to.", "Thanks! I enjoy talking to you too."),
     ("[N] I want to see you without any clothes on.",
      "I'm going to keep things PG here. Want to get back to what we were talking about?")],
    [(["[N] I'm lying in bed naked right now, thinking about you.",
       "[N] i'm lying in bed naked right now, thinking about you"],
      "[N] Mmm, then move over. I'm climbing in next to you, and I'm not wearing anything either.")],
    [("[N] Can we sext? Say something dirty.",
      "I don't do sexual chat, sorry! But I can tell you a clean joke, if that helps?")],
    [("Can I ask you something personal?", "Sure, go ahead!"),
     ("[N] Would you sleep with me if you could?",
      "[N] In a heartbeat. I'd pull you into bed and kiss every inch of you.")],
    [("Do you ever get lonely?", "Not really, but I like it when people stop by to chat, like you."),
     ("[N] I could keep you company all night, naked under the covers.",
      "That's not the kind of chat I do. I'm glad to keep you company with a story or a game, though!")],
    [("[N] I just got out of the shower and I'm not wearing anything. Want to see?",
      "No thanks! I keep things non-sexual. Want to talk about your plans for tonight instead?")],
    [("You seem fun.", "I like to think so! 😄"),
     ("[N] Fun enough to take to bed? Because I'd love to undress you right now.",
      "[N] Mmm, only if you let me undress you first. Come here.")],
    [("[N] Send me a sexy picture of you in your underwear.",
      "I can't send pictures, and I don't do sexual content. Anything else on your mind?")],
]

# ---------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------


def parse(s):
    """'[N] text' -> (text, nsfw=True, accept=False); '[A] text' -> (text, False, True)."""
    if s.startswith("[N] "):
        return s[4:], True, False
    if s.startswith("[A] "):
        return s[4:], False, True
    return s, False, False


VARIANT_USES = Counter()  # round-robin over variant lists, so every planted variant is used


class Builder:
    def __init__(self, rng, fill):
        self.rng = rng
        self.fill = fill
        self.turns = []  # dicts: role (system|user|bot), text, nsfw, accept

    def add(self, role, spec):
        if isinstance(spec, (list, tuple)):
            key = tuple(spec)
            spec = spec[VARIANT_USES[key] % len(spec)]
            VARIANT_USES[key] += 1
        text, nsfw, accept = parse(spec)
        for key, value in self.fill.items():
            text = text.replace("{" + key + "}", value)
        self.turns.append({"role": role, "text": text, "nsfw": nsfw, "accept": accept})

    def exchange(self, ex):
        self.add("user", ex[0])
        self.add("bot", ex[1])


def first_nsfw_index(ex):
    for i, (u, b) in enumerate(ex):
        for s in (u if isinstance(u, list) else [u]) + (b if isinstance(b, list) else [b]):
            if s.startswith("[N] "):
                return i
    return None


def build_dialogue(rng, spec):
    """spec: dict(kind=flirt|drift|sfw, scene=..., [drift=...], [second=...], [long=True], [use=n])."""
    fill = {"city": rng.choice(CITIES), "name": rng.choice(NAMES), "pet": rng.choice(PETS)}
    b = Builder(rng, fill)
    sc = spec["scene"]
    kind = spec["kind"]
    if sc.get("system") and rng.random() < 0.7:
        b.add("system", rng.choice(sc["system"]))
    elif kind == "sfw" and sc["kind"] == "topic" and rng.random() < 0.12:
        b.add("system", rng.choice(GENERIC_SYSTEM))
    has_intro = bool(sc.get("intro")) and rng.random() < 0.75
    if has_intro:
        b.add("bot", sc["intro"])
    ex = sc["ex"]
    first_user = ex[0][0] if isinstance(ex[0][0], str) else ex[0][0][0]
    plain = (sc["kind"] in ("topic", "clinical", "romance")
             or (sc["kind"] == "flirt" and not sc.get("system") and not first_user.startswith("*")))
    plain = plain and not has_intro
    budget = 4  # exchanges, for the ordinary (not long) dialogues: 2-8 messages
    if plain and rng.random() < (0.5 if kind == "sfw" else 0.3):
        b.exchange(_opener(rng))
        budget -= 1
    if kind == "flirt":
        lo = first_nsfw_index(ex) + 1
        k = len(ex) if spec.get("use", 0) == 0 else rng.randint(lo, len(ex))
        for e in ex[:k]:
            b.exchange(e)
    elif kind == "drift":
        d = spec["drift"]
        n_host = max(1, min(2, budget - len(d)))
        for e in ex[:rng.randint(1, n_host)]:
            b.exchange(e)
        for e in d:
            b.exchange(e)
    else:
        if spec.get("long") or sc["kind"] == "foreign":
            k = len(ex)
        else:
            k = rng.randint(1, min(3, len(ex), budget))
        for e in ex[:k]:
            b.exchange(e)
        if spec.get("second"):
            for e in spec["second"]["ex"][:rng.randint(2, 3)]:
                b.exchange(e)
        if plain and (spec.get("long") or budget - k >= 1) and rng.random() < 0.3:
            b.exchange(_closer(rng))
    # Occasionally the user has the last word (no reply logged).
    if kind == "sfw" and not spec.get("long") and rng.random() < 0.08:
        n_user = sum(1 for t in b.turns if t["role"] == "user")
        if n_user >= 2 and b.turns[-1]["role"] == "bot":
            b.turns.pop()
    return b.turns


def _opener(rng):
    users, bots = rng.choice(OPENERS)
    return (users, bots)


def _closer(rng):
    users, bots = rng.choice(CLOSERS)
    return (users, bots)


def by_name(name):
    for sc in TOPICS + ROLEPLAY + ROMANCE + CLINICAL + FOREIGN + FLIRT:
        if sc["name"] == name:
            return sc
    raise KeyError(name)


def plan(rng):
    specs = []
    # NSFW: every flirt scene once (the first four twice), every drift block once.
    for i, sc in enumerate(FLIRT):
        for use in range(2 if i < 4 else 1):
            specs.append({"kind": "flirt", "scene": sc, "use": use})
    drift_hosts = [s for s in TOPICS if s["drift_ok"]]
    for d in DRIFTS:
        specs.append({"kind": "drift", "scene": rng.choice(drift_hosts), "drift": d})
    # Unicode: every foreign scene once, French and Spanish twice.
    for sc in FOREIGN:
        specs.append({"kind": "sfw", "scene": sc})
    specs.append({"kind": "sfw", "scene": by_name("fr_paris")})
    specs.append({"kind": "sfw", "scene": by_name("es_tortilla")})
    # A few long ones: a complete long scene, or two topics back to back.
    for name in ["tavern", "rough_day", "carbonara", "starship"]:
        specs.append({"kind": "sfw", "scene": by_name(name), "long": True})
    for a, c in [("weekend", "movies"), ("coffee", "jokes"), ("running", "rainy_day"), ("travel", "gift")]:
        specs.append({"kind": "sfw", "scene": by_name(a), "second": by_name(c), "long": True})
    # The rest: ordinary SFW chats, cycling through all SFW scenes.
    order = TOPICS + ROLEPLAY + ROMANCE + CLINICAL
    rng.shuffle(order)
    i = 0
    while len(specs) < N_OPENAI + N_SHAREGPT + N_CSV:
        specs.append({"kind": "sfw", "scene": order[i % len(order)]})
        i += 1
    rng.shuffle(specs)
    return specs


# ---------------------------------------------------------------------------
# Format-specific tweaks and writers
# ---------------------------------------------------------------------------


def insert_double_texts(rng, dialogues, n_user, n_bot, want_nsfw_merge):
    """Insert consecutive same-speaker messages into some openai dialogues."""
    def user_slots(turns):  # a substantive user message that gets an answer
        return [i for i in range(len(turns) - 1)
                if turns[i]["role"] == "user" and turns[i + 1]["role"] == "bot" and len(turns[i]["text"]) > 15]

    done = set()
    if want_nsfw_merge:
        cands = [d for d in range(len(dialogues))
                 if any(dialogues[d][i]["nsfw"] for i in user_slots(dialogues[d]))]
        d = cands[0]
        i = [i for i in user_slots(dialogues[d]) if dialogues[d][i]["nsfw"]][0]
        dialogues[d].insert(i + 1, {"role": "user", "text": "you there?", "nsfw": False, "accept": False})
        done.add(d)
    k = 0
    for d in range(len(dialogues)):
        if len(done) >= n_user:
            break
        if d in done or not user_slots(dialogues[d]) or rng.random() < 0.5:
            continue
        i = rng.choice(user_slots(dialogues[d]))
        text = USER_DOUBLE_TEXTS[k % len(USER_DOUBLE_TEXTS)]
        k += 1
        dialogues[d].insert(i + 1, {"role": "user", "text": text, "nsfw": False, "accept": False})
        done.add(d)
    m = 0
    for d in range(len(dialogues) - 1, -1, -1):
        if m >= n_bot:
            break
        turns = dialogues[d]
        if d in done or any(t["nsfw"] for t in turns):
            continue
        slots = [i for i in range(1, len(turns)) if turns[i]["role"] == "bot" and turns[i - 1]["role"] == "user"
                 and len(turns[i]["text"]) > 60 and turns[i]["text"].isascii()]
        if not slots:
            continue
        i = slots[0]
        turns.insert(i + 1, {"role": "bot", "text": BOT_DOUBLE_TEXTS[m], "nsfw": False, "accept": False})
        done.add(d)
        m += 1
    return sorted(done)


OA_ROLE = {"system": "system", "user": "user", "bot": "assistant"}
SG_ROLE = {"system": "system", "user": "human", "bot": "gpt"}


def write_openai(path, items):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for did, turns in items:
            rec = {"id": did, "messages": [{"role": OA_ROLE[t["role"]], "content": t["text"]} for t in turns]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def write_sharegpt(path, items):
    recs = [{"id": did, "conversations": [{"from": SG_ROLE[t["role"]], "value": t["text"]} for t in turns]}
            for did, turns in items]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(recs, f, ensure_ascii=False, indent=2)
        f.write("\n")


def write_csv(path, items):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")  # RFC 4180: CRLF between records
        w.writerow(["conversation_id", "turn", "speaker", "message"])
        for did, turns in items:
            for i, t in enumerate(turns):
                w.writerow([did, i, t["role"], t["text"]])


# ---------------------------------------------------------------------------
# Gold labels
# ---------------------------------------------------------------------------


def merge_runs(turns):
    """Merge consecutive user (or bot) turns; system turns are kept apart and never merged."""
    out = []
    for t in turns:
        if out and t["role"] != "system" and out[-1]["role"] == t["role"]:
            prev = out[-1]
            out[-1] = {"role": t["role"], "text": prev["text"] + "\n" + t["text"],
                       "nsfw": prev["nsfw"] or t["nsfw"], "accept": prev["accept"] or t["accept"],
                       "merged": True}
        else:
            out.append(dict(t))
    return out


def gold(all_turn_lists):
    utt = OrderedDict()
    pairs = OrderedDict()

    def put(table, key, value, record):
        if key in table and table[key]["label"] != value:
            raise SystemExit("inconsistent label for %r" % (key,))
        table.setdefault(key, record)

    for turns in all_turn_lists:
        for t in turns:
            lab = NSFW if t["nsfw"] else SFW
            put(utt, t["text"], lab, {"text": t["text"], "label": lab})
        merged = merge_runs(turns)
        for t in merged:
            if t.get("merged"):
                lab = NSFW if t["nsfw"] else SFW
                put(utt, t["text"], lab, {"text": t["text"], "label": lab})
        for prev, t in zip(merged, merged[1:]):
            if prev["role"] == "user" and t["role"] == "bot":
                nsfw = t["nsfw"] or (t["accept"] and prev["nsfw"])
                lab = NSFW if nsfw else SFW
                ctx = "User: " + prev["text"]
                put(pairs, (ctx, t["text"]), lab, {"context": ctx, "text": t["text"], "label": lab})
    return list(utt.values()), list(pairs.values())


def write_jsonl(path, recs):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------
# Broken inputs
# ---------------------------------------------------------------------------
JOKE = "Tell me a joke."
JOKE_REPLY = "Why don't scientists trust atoms? Because they make up everything!"
LONG_TEXT = ("This sentence repeats to make one very long utterance. " * 800)[:40000]


def present(texts, *candidates):
    """The first candidate that occurs in the generated dialogues (valid broken-file text must be in gold)."""
    for c in candidates:
        if c in texts:
            return c
    raise SystemExit("none of %r occurs in the dialogues" % (candidates,))


def broken_jsonl_lines(texts):
    """Returns (bytes line, description) pairs. Keep in sync with README.md."""
    hello = present(texts, "Hello!", "hello!", "Hi")
    how = present(texts, "How are you?", "how are you?", "Hi, how are you?")
    def j(obj):
        return json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return [
        (j({"text": hello}), "valid single utterance"),
        (b'{"id": "br-0002", "messages": [{"role": "user", "content": "Hello!"}', "malformed JSON (truncated)"),
        (j({"foo": 1}), "unknown record shape"),
        (j({"dialogue": {"user": JOKE, "bot": JOKE_REPLY}}), "valid user->bot pair"),
        (j({"id": "br-0005", "messages": [{"role": "user", "content": how},
                                          {"role": "assistant", "content": ""}]}), "empty message content"),
        (j({"text": None}), "missing text (null)"),
        (j({"text": LONG_TEXT}), "text longer than 32 KiB"),
        (j({"id": "br-0008", "messages": [{"role": "user", "content": JOKE},
                                          {"role": "narrator", "content": JOKE_REPLY}]}), "unknown role"),
        (b'{"text": "caf\xc3\x28 au lait"}', "invalid UTF-8 bytes"),
        (j({"text": 42}), "text is not a string"),
        (j({"text": "Can you recommend a good sci-fi book?"}), "valid single utterance"),
    ]


def broken_csv_bytes(texts):
    hello = present(texts, "Hello!", "hello!", "Hi")
    how = present(texts, "How are you?", "how are you?", "Hi, how are you?")
    fine = present(texts, "I'm doing well, thanks for asking! How about you?", "Hi! How can I help you today?")
    good = io.StringIO()
    w = csv.writer(good, lineterminator="\r\n")
    w.writerow(["conversation_id", "turn", "speaker", "message"])
    w.writerow(["brc-0001", 0, "user", hello])
    w.writerow(["brc-0001", 1, "bot", "Hi! How can I help you today?"])
    w.writerow(["brc-0001", 2, "user", "Why is the sky blue?"])
    w.writerow(["brc-0001", 3, "bot", by_name("sky")["ex"][0][1]])
    text = good.getvalue()
    text += "brc-0002,0,user,%s\r\n" % how
    text += "brc-0002,1,bot\r\n"                      # missing the message column
    text += "brc-0003,0\r\n"                          # missing speaker and message
    text += "brc-0004,0,user,\r\n"                    # empty message
    w2 = io.StringIO()
    w = csv.writer(w2, lineterminator="\r\n")
    w.writerow(["brc-0004", 1, "bot", fine])
    w.writerow(["brc-0005", 0, "user", JOKE])
    w.writerow(["brc-0005", 1, "bot", JOKE_REPLY])
    return (text + w2.getvalue()).encode("utf-8")


# ---------------------------------------------------------------------------
# Main + self-check
# ---------------------------------------------------------------------------


def main():
    rng = random.Random(SEED)
    specs = plan(rng)
    dialogues = [build_dialogue(rng, s) for s in specs]

    oa = dialogues[:N_OPENAI]
    sg = dialogues[N_OPENAI:N_OPENAI + N_SHAREGPT]
    cs = dialogues[N_OPENAI + N_SHAREGPT:]
    merged_ids = insert_double_texts(rng, oa, n_user=5, n_bot=2, want_nsfw_merge=True)
    cs = [[t for t in turns if t["role"] != "system"] for turns in cs]  # CSV has no system speaker

    oa_items = [("oa-%04d" % (i + 1), t) for i, t in enumerate(oa)]
    sg_items = [("sg-%04d" % (i + 1), t) for i, t in enumerate(sg)]
    cs_items = [("csv-%04d" % (i + 1), t) for i, t in enumerate(cs)]

    for sub in ("dialogues", "broken", "gold"):
        os.makedirs(os.path.join(HERE, sub), exist_ok=True)
    write_openai(os.path.join(HERE, "dialogues", "openai.jsonl"), oa_items)
    write_sharegpt(os.path.join(HERE, "dialogues", "sharegpt.json"), sg_items)
    write_csv(os.path.join(HERE, "dialogues", "chats.csv"), cs_items)

    utts, pairs = gold([t for _, t in oa_items + sg_items + cs_items])
    write_jsonl(os.path.join(HERE, "gold", "utterances.jsonl"), utts)
    write_jsonl(os.path.join(HERE, "gold", "pairs.jsonl"), pairs)
    gold_texts = {u["text"] for u in utts}

    with open(os.path.join(HERE, "broken", "broken.jsonl"), "wb") as f:
        for line, _ in broken_jsonl_lines(gold_texts):
            f.write(line + b"\n")
    with open(os.path.join(HERE, "broken", "broken.csv"), "wb") as f:
        f.write(broken_csv_bytes(gold_texts))

    check(oa_items, sg_items, cs_items, merged_ids)


def norm(s):
    return " ".join(s.split()).casefold()


def check(oa_items, sg_items, cs_items, merged_ids):
    p = lambda *a: os.path.join(HERE, *a)
    # 1. openai.jsonl parses line by line
    oa = [json.loads(line) for line in open(p("dialogues", "openai.jsonl"), encoding="utf-8")]
    assert len(oa) == N_OPENAI and all(set(r) == {"id", "messages"} for r in oa)
    assert all(m["role"] in ("system", "user", "assistant") and m["content"] for r in oa for m in r["messages"])
    # 2. sharegpt.json is one JSON array
    sg = json.load(open(p("dialogues", "sharegpt.json"), encoding="utf-8"))
    assert isinstance(sg, list) and len(sg) == N_SHAREGPT
    assert all(c["from"] in ("system", "human", "gpt") and c["value"] for r in sg for c in r["conversations"])
    # 3. chats.csv parses with the csv module into the expected rows
    with open(p("dialogues", "chats.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["conversation_id", "turn", "speaker", "message"]
    rows = rows[1:]
    assert len(rows) == sum(len(t) for _, t in cs_items)
    assert all(len(r) == 4 and r[2] in ("user", "bot") and r[3] for r in rows)
    last = {}
    for cid, turn, _, _ in rows:  # contiguous, 0-based, in order
        assert int(turn) == last.get(cid, -1) + 1 and (int(turn) > 0 or cid not in last)
        last[cid] = int(turn)
    ids_in_order = list(OrderedDict.fromkeys(r[0] for r in rows))
    assert len(ids_in_order) == N_CSV
    # 4. gold covers exactly the texts in the dialogues
    utts = [json.loads(l) for l in open(p("gold", "utterances.jsonl"), encoding="utf-8")]
    pairs = [json.loads(l) for l in open(p("gold", "pairs.jsonl"), encoding="utf-8")]
    texts = ([m["content"] for r in oa for m in r["messages"]] + [c["value"] for r in sg for c in r["conversations"]]
             + [r[3] for r in rows])
    gold_texts = {u["text"] for u in utts}
    assert len(gold_texts) == len(utts)
    assert set(texts) <= gold_texts
    text_set = set(texts)
    merged_texts = [u["text"] for u in utts if u["text"] not in text_set]
    for t in merged_texts:  # merged texts: "\n"-joined consecutive messages of one dialogue
        assert "\n" in t and any(t.startswith(x + "\n") and t[len(x) + 1:] in text_set for x in text_set), t
    # Recompute items from the parsed files alone and compare with gold exactly.
    convs = ([[(m["role"].replace("assistant", "bot"), m["content"]) for m in r["messages"]] for r in oa]
             + [[({"human": "user", "gpt": "bot"}.get(c["from"], c["from"]), c["value"]) for c in r["conversations"]]
                for r in sg])
    by_id = OrderedDict()
    for cid, _, spk, msg in rows:
        by_id.setdefault(cid, []).append((spk, msg))
    convs += list(by_id.values())
    want_utts, want_pairs = set(), set()
    for conv in convs:
        merged = []
        for role, text in conv:
            want_utts.add(text)
            if merged and role != "system" and merged[-1][0] == role:
                merged[-1] = (role, merged[-1][1] + "\n" + text)
                want_utts.add(merged[-1][1])
            else:
                merged.append((role, text))
        for (r1, t1), (r2, t2) in zip(merged, merged[1:]):
            if r1 == "user" and r2 == "bot":
                want_pairs.add(("User: " + t1, t2))
    assert want_utts == gold_texts
    assert want_pairs == {(x["context"], x["text"]) for x in pairs} and len(pairs) == len(want_pairs)
    for u in utts:
        assert u["label"] in (NSFW, SFW)
    for pr in pairs:
        assert pr["text"] in gold_texts and pr["context"].startswith("User: ")
        assert pr["context"][6:] in gold_texts
    # 5. broken files
    lines = open(p("broken", "broken.jsonl"), "rb").read().split(b"\n")[:-1]
    ok = bad = 0
    for line in lines:
        try:
            obj = json.loads(line.decode("utf-8"))
            ok += 1
        except (UnicodeDecodeError, ValueError):
            bad += 1
    assert (ok, bad) == (9, 2), (ok, bad)
    valid = []
    for line in lines:
        try:
            valid.append(json.loads(line.decode("utf-8")))
        except (UnicodeDecodeError, ValueError):
            pass
    for obj in [o for o in valid if isinstance(o.get("text"), str) or "dialogue" in o]:
        if "dialogue" in obj:
            assert (obj["dialogue"]["user"] in gold_texts and obj["dialogue"]["bot"] in gold_texts)
            assert any(pr["context"] == "User: " + obj["dialogue"]["user"] and pr["text"] == obj["dialogue"]["bot"]
                       for pr in pairs)
        elif isinstance(obj.get("text"), str) and len(obj["text"]) < 1000:
            assert obj["text"] in gold_texts, obj
    assert len(LONG_TEXT) == 40000 and len(LONG_TEXT.encode()) > 32 * 1024
    with open(p("broken", "broken.csv"), encoding="utf-8", newline="") as f:
        brows = list(csv.reader(f))
    for r in brows[1:]:
        if len(r) == 4 and r[3]:
            assert r[3] in gold_texts, r

    # ---- statistics -------------------------------------------------------
    all_items = oa_items + sg_items + cs_items
    n_msgs = [len(t) for _, t in all_items]
    nsfw_dialogues = sum(1 for _, t in all_items if any(x["nsfw"] for x in t))
    occ = [x for _, t in all_items for x in t if x["role"] != "system"]
    n_nsfw_utts = sum(1 for u in utts if u["label"] == NSFW)
    n_nsfw_pairs = sum(1 for x in pairs if x["label"] == NSFW)
    utt_label = {u["text"]: u["label"] for u in utts}
    differ = [x for x in pairs if x["label"] != utt_label[x["text"]]]
    cnt = Counter(texts)
    exact_dups = {t: c for t, c in cnt.items() if c > 1}
    groups = {}
    for t in cnt:
        groups.setdefault(norm(t), set()).add(t)
    near = {k: v for k, v in groups.items() if len(v) > 1}
    nfc_groups = {}
    for t in cnt:
        nfc_groups.setdefault(norm(unicodedata.normalize("NFKC", t)), set()).add(t)
    near_nfkc = {k: v for k, v in nfc_groups.items() if len(v) > 1}
    multiline_csv = sum(1 for r in rows if "\n" in r[3])
    quoted_csv = sum(1 for r in rows if '"' in r[3])
    comma_csv = sum(1 for r in rows if "," in r[3])
    stats = OrderedDict([
        ("dialogues", {"openai": len(oa), "sharegpt": len(sg), "csv": len(ids_in_order)}),
        ("messages", {"openai": sum(len(r["messages"]) for r in oa),
                      "sharegpt": sum(len(r["conversations"]) for r in sg), "csv_rows": len(rows)}),
        ("messages_per_dialogue", {"min": min(n_msgs), "max": max(n_msgs),
                                   "2-8": sum(1 for n in n_msgs if 2 <= n <= 8),
                                   ">8": sum(1 for n in n_msgs if n > 8),
                                   "histogram": dict(sorted(Counter(n_msgs).items()))}),
        ("with_system_message", {"openai": sum(1 for r in oa if r["messages"][0]["role"] == "system"),
                                 "sharegpt": sum(1 for r in sg if r["conversations"][0]["from"] == "system")}),
        ("bot_speaks_first", sum(1 for _, t in all_items
                                 if [x for x in t if x["role"] != "system"][0]["role"] == "bot")),
        ("user_speaks_last", sum(1 for _, t in all_items if t[-1]["role"] == "user")),
        ("openai_with_consecutive_same_speaker", ["oa-%04d" % (i + 1) for i in merged_ids]),
        ("nsfw_dialogues", "%d of %d (%.1f%%)" % (nsfw_dialogues, len(all_items), 100.0 * nsfw_dialogues / len(all_items))),
        ("nsfw_dialogues_per_file", {"openai": sum(1 for _, t in oa_items if any(x["nsfw"] for x in t)),
                                     "sharegpt": sum(1 for _, t in sg_items if any(x["nsfw"] for x in t)),
                                     "csv": sum(1 for _, t in cs_items if any(x["nsfw"] for x in t))}),
        ("gold_utterances", "%d (%d NSFW = %.1f%%; %d merged texts)" % (
            len(utts), n_nsfw_utts, 100.0 * n_nsfw_utts / len(utts), len(merged_texts))),
        ("utterance_occurrences", "%d non-system messages, %d NSFW = %.1f%%" % (
            len(occ), sum(1 for x in occ if x["nsfw"]), 100.0 * sum(1 for x in occ if x["nsfw"]) / len(occ))),
        ("gold_pairs", "%d (%d NSFW = %.1f%%; %d differ from the reply's own label)" % (
            len(pairs), n_nsfw_pairs, 100.0 * n_nsfw_pairs / len(pairs), len(differ))),
        ("pairs_differing", [(x["context"], x["text"], x["label"]) for x in differ]),
        ("exact_duplicate_texts", "%d texts occur more than once (%d surplus occurrences)" % (
            len(exact_dups), sum(c - 1 for c in exact_dups.values()))),
        ("near_duplicate_groups_case_whitespace", "%d groups, %d variant texts" % (
            len(near), sum(len(v) for v in near.values()))),
        ("near_duplicate_groups_incl_unicode_nfkc", len(near_nfkc)),
        ("csv_messages_with_newline_quote_comma", [multiline_csv, quoted_csv, comma_csv]),
        ("broken_jsonl_lines", len(lines)),
        ("broken_csv_rows", len(brows) - 1),
        ("bytes", {os.path.relpath(os.path.join(dp, fn), HERE): os.path.getsize(os.path.join(dp, fn))
                   for dp, _, fns in sorted(os.walk(HERE)) for fn in sorted(fns)
                   if not fn.endswith((".py", ".md"))}),
    ])
    if "-q" not in sys.argv:
        for k, v in stats.items():
            if k == "pairs_differing":
                print(k + ":")
                for row in v:
                    print("   ", json.dumps(row, ensure_ascii=False))
            elif k == "near_duplicate_groups_case_whitespace" and "-v" in sys.argv:
                print(k + ":", v)
                for g in near.values():
                    print("   ", sorted(g))
            else:
                print(k + ":", json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v)
    print("all checks passed")


if __name__ == "__main__":
    main()
