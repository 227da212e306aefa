"""A synthetic graph for the duplicate finder: realistic names, and duplicates of known kinds
injected with their ground truth, deterministic by seed.

`generate(records, seed)` makes about `records` organizations, people, events and sources
(the proportions of bench/generate.py: per event 0.5 organizations, 1.5 people, 0.2 sources),
with co-organization through events (2-6 organizers, most of them from the event's country,
chosen by Zipf-skewed activity), affiliations and speakers. Names are composed from
vocabularies, without numbers: government bodies ("National Commission on Combating Human
Trafficking of Uzbekistan"), ministries and their units, police and prosecutors, NGOs
("Public Foundation \"Ishonch\""), IGO offices ("OSCE Programme Office in Bishkek", part of
the OSCE), universities, embassies, donors, parliaments' committees; people from first and
last names per region, feminine surnames where the language has them.

Then about 2 % of the records are duplicates of another one, each pair kept as ground truth:

- `rename`: an organization under its later name ("Inter-agency Commission on X" → "National
  Commission on X and Y"): the events after the rename are the new record's, so its events
  and sources all come after the original's, with the same partners; some staff are
  affiliated with both.
- `acronym`: an organization named by the initials of the other's name ("NCCHT", "IOM").
- `source_acr`: the same, both named in one source (a press release's full name, then its
  acronym).
- `office_acr`: an IGO office named by its initials without its parent's ("PCUz" or "OSCE
  PCUz" for "OSCE Project Co-ordinator in Uzbekistan", "POiB", "POB" for "OSCE Programme
  Office in Bishkek").
- `translit`: a person's name in another romanization of Cyrillic (Yusupova / Iusupova,
  Gaynazarov / Gainazarov), an organization's place name so (Tashkent / Toshkent).
- `typo`: one or two characters edited (organizations, people, events of the same day).
- `title`: "The National Centre ..." beside "National Centre ...", "Dr. Aziz Karimov" beside
  "Aziz Karimov".

A duplicate keeps its original's country and kind (mostly), cites other sources, and has
events of its own that share co-organizers with the original's. About 1 % more are
look-alikes that are other records: `country` (the same pattern in another country),
`part_of` (a regional office and its parent), `topic` ("Commission on A", "Commission on B",
one country), `surname` (two people of one surname and country, other first names),
`coexist` (another body of a body's pattern, its name a topic and maybe its body word
another, seen only after the body's last date but in the same year, or with it at an event
without a date: they coexisted).

No two records of a type share a name the loader would match them on (a name key, or a key
of its lookup forms; for events on the same date), except a `title` pair, written dressed
first: the loader matches only the other way round. Ids are opaque (`org:o123`), drawn in a
random order.
"""

from __future__ import annotations

import csv
import itertools
import random
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ctgraph.core.names import lookup_names, name_key

# -- vocabularies -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    formal: str  # "the Republic of Uzbekistan", or the name again
    adjective: str
    cities: tuple[str, ...]
    people: str  # a key of NAMES
    weight: float


def _country(head: str, cities: str) -> Country:
    code, name, formal, adj, people, weight = (p.strip() for p in head.split(";"))
    return Country(
        code, name, formal or name, adj, tuple(cities.strip().split(", ")), people, float(weight)
    )


# code; name; formal name; adjective; people's names; weight, then the cities (capital first).
_COUNTRY_LINES = """
uz; Uzbekistan; the Republic of Uzbekistan; Uzbek; ca; 12
    Tashkent, Samarkand, Bukhara, Namangan, Andijan, Fergana, Nukus, Karshi, Termez, Urgench
kz; Kazakhstan; the Republic of Kazakhstan; Kazakh; ca; 8
    Almaty, Astana, Shymkent, Karaganda, Aktobe, Pavlodar, Taraz, Oskemen
kg; Kyrgyzstan; the Kyrgyz Republic; Kyrgyz; ca; 7
    Bishkek, Osh, Jalal-Abad, Karakol, Naryn, Talas, Batken
tj; Tajikistan; the Republic of Tajikistan; Tajik; ca; 5
    Dushanbe, Khujand, Kulob, Bokhtar, Khorog, Istaravshan
tm; Turkmenistan; ; Turkmen; ca; 2
    Ashgabat, Turkmenabat, Dashoguz, Mary, Balkanabat
ua; Ukraine; ; Ukrainian; slavic; 8
    Kyiv, Kharkiv, Odesa, Lviv, Dnipro, Zaporizhzhia, Mykolaiv, Chernivtsi, Vinnytsia, Poltava
md; Moldova; the Republic of Moldova; Moldovan; latin_east; 5
    Chisinau, Balti, Cahul, Comrat, Soroca, Orhei
ge; Georgia; ; Georgian; georgian; 3
    Tbilisi, Batumi, Kutaisi, Rustavi, Zugdidi
am; Armenia; the Republic of Armenia; Armenian; armenian; 3
    Yerevan, Gyumri, Vanadzor, Vagharshapat
az; Azerbaijan; the Republic of Azerbaijan; Azerbaijani; azeri; 3
    Baku, Ganja, Sumgait, Lankaran, Sheki
se; Sweden; ; Swedish; west; 1.5
    Stockholm, Gothenburg, Malmo, Uppsala
gr; Greece; the Hellenic Republic; Greek; south; 1.5
    Athens, Thessaloniki, Patras, Heraklion
de; Germany; the Federal Republic of Germany; German; west; 2
    Berlin, Hamburg, Munich, Cologne, Frankfurt
fr; France; ; French; west; 1.5
    Paris, Lyon, Marseille, Strasbourg, Lille
it; Italy; ; Italian; south; 1.5
    Rome, Milan, Naples, Turin, Palermo
es; Spain; ; Spanish; south; 1
    Madrid, Barcelona, Valencia, Seville
pl; Poland; the Republic of Poland; Polish; central; 1.5
    Warsaw, Krakow, Gdansk, Wroclaw, Poznan
ro; Romania; ; Romanian; latin_east; 1.5
    Bucharest, Cluj-Napoca, Iasi, Timisoara, Constanta
bg; Bulgaria; the Republic of Bulgaria; Bulgarian; central; 1
    Sofia, Plovdiv, Varna, Burgas
rs; Serbia; the Republic of Serbia; Serbian; balkan; 1.5
    Belgrade, Novi Sad, Nis, Kragujevac
al; Albania; the Republic of Albania; Albanian; balkan; 1
    Tirana, Durres, Vlore, Shkoder
ba; Bosnia and Herzegovina; ; Bosnian; balkan; 1
    Sarajevo, Banja Luka, Mostar, Tuzla
mk; North Macedonia; the Republic of North Macedonia; Macedonian; balkan; 1
    Skopje, Bitola, Kumanovo, Ohrid
me; Montenegro; ; Montenegrin; balkan; 0.5
    Podgorica, Niksic, Budva
tr; Turkey; the Republic of Turkey; Turkish; south; 2
    Ankara, Istanbul, Izmir, Antalya, Gaziantep
at; Austria; the Republic of Austria; Austrian; west; 1.5
    Vienna, Graz, Linz, Salzburg
ch; Switzerland; ; Swiss; west; 1.5
    Geneva, Bern, Zurich, Lausanne, Basel
nl; Netherlands; the Kingdom of the Netherlands; Dutch; west; 1
    Amsterdam, The Hague, Rotterdam, Utrecht
""".strip().splitlines()
COUNTRIES = [_country(h, c) for h, c in zip(_COUNTRY_LINES[::2], _COUNTRY_LINES[1::2], strict=True)]
BY_CODE = {c.code: c for c in COUNTRIES}


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.split("|") if w.strip()]


# First names (men | women) and surnames per region; `fem` says how a woman's surname is made.
NAMES: dict[str, dict[str, Any]] = {
    "ca": {
        "m": _words(
            "Aziz|Bakhtiyor|Farrukh|Jamshid|Rustam|Sherzod|Ulugbek|Timur|Nodir|Dilshod|Akmal|"
            "Bekzod|Otabek|Sardor|Javlon|Alisher|Bobur|Zafar|Murod|Anvar|Shukhrat|Ilkhom|Rashid|"
            "Ravshan|Khurshid|Yerlan|Nurlan|Askar|Daniyar|Bakhyt|Marat|Serik|Yerzhan|Azamat|"
            "Aibek|Almaz|Bolot|Kanat|Talant|Nurbek|Firdavs|Davron|Saidjon|Farhod|Kurbon|Bakhrom|"
            "Oybek|Yusuf|Islom|Ikrom|Kamol|Laziz|Mirzo|Nuriddin|Pulat|Sanjar|Umid|Valijon|Zokir|"
            "Abdulla|Bakhodir|Erkin|Gayrat|Khayot|Mansur|Nosir|Olim|Qodir|Rakhmon|Sobir|Tokhir|"
            "Abdurakhmon|Akbar|Alimjon|Asror|Azamjon|Bahrom|Botir|Doniyor|Elyor|Fakhriddin|"
            "Hamid|Hasan|Husan|Ibrokhim|Jahongir|Jasur|Komil|Lutfullo|Mahmud|Mukhtor|Nurali|"
            "Obidjon|Rustambek|Sarvar|Shavkat|Shokhrukh|Sukhrob|Tulkin|Ulmas|Usmon|Vohid|"
            "Yorqin|Zafarjon|Zuhriddin|Arman|Ayan|Bauyrzhan|Dauren|Galym|Kairat|Medet|Nursultan|"
            "Olzhas|Ruslan|Samat|Talgat|Yerbol|Zhandos|Adilet|Baktybek|Chyngyz|Eldiyar|Kubanych|"
            "Mirlan|Nurlanbek|Tilek|Ulan|Zhyrgal"
        ),
        "f": _words(
            "Dilnoza|Gulnara|Malika|Nodira|Zarina|Feruza|Shakhnoza|Madina|Aziza|Gulchehra|"
            "Mukhabbat|Nigora|Sevara|Umida|Yulduz|Zulfiya|Aigul|Ainur|Asel|Dinara|Gulmira|Saule|"
            "Zhanna|Aizhan|Bermet|Cholpon|Nazira|Aida|Kamila|Lola|Mavjuda|Munira|Nilufar|Parvina|"
            "Rano|Saida|Tahmina|Zebo|Dilbar|Gulshan|Iroda|Khilola|Mokhira|Nargiza|Ozoda|Sabina|"
            "Shahlo|Yelena|Zukhra|Aliya|Botagoz|Elmira|Kuralay|Meruert|Raushan|Togzhan|"
            "Barno|Dildora|Durdona|Fotima|Gavhar|Gulbahor|Hilola|Kamola|Lobar|Manzura|Mashkhura|"
            "Matluba|Mohinur|Nasiba|Nodirabegim|Oysha|Robiya|Sanobar|Shoira|Sitora|Tamara|"
            "Yorqinoy|Zamira|Zilola|Aisulu|Akmaral|Aliya|Ardak|Balzhan|Dana|Gaukhar|Indira|"
            "Karlygash|Laura|Moldir|Nazgul|Perizat|Saltanat|Symbat|Zhanar|Aijamal|Aizada|"
            "Altynai|Begaiym|Gulzat|Kanykei|Nurzhan|Tolgonai|Zhyldyz"
        ),
        "last": _words(
            "Karimov|Yusupov|Rakhimov|Nazarov|Gaynazarov|Abdullayev|Akhmedov|Alimov|Azimov|"
            "Bakirov|Davletov|Ergashev|Fayzullayev|Ganiyev|Ibragimov|Ismoilov|Jurayev|Kadyrov|"
            "Khodjayev|Kholmatov|Mirzayev|Mukhamedov|Nurmatov|Rashidov|Saidov|Salimov|Sultanov|"
            "Umarov|Usmanov|Yuldashev|Zakirov|Sadykov|Nurmagambetov|Zhakupov|Dzhaksybekov|"
            "Asanov|Akmatov|Bekov|Dzhumabayev|Iskakov|Kasymov|Kenzhebayev|Mamytov|Omurbekov|"
            "Sydykov|Toktogulov|Usenov|Rahmonov|Sharipov|Nazriyev|Khudoyberdiyev|Khamidov|"
            "Mahmudov|Tursunov|Shukurov|Yakubov|Aliyev|Boboyev|Khasanov|Kurbanov|Latipov|"
            "Mamadaliyev|Normatov|Ochilov|Pulatov|Qosimov|Rajabov|Safarov|Tojiyev|Valiyev|"
            "Yunusov|Zhumabekov|Baisalov|Dzhunusov|Esenov|Imanaliyev|Kaliyev|Mukanov|Seitkali|"
            "Tokayev|Utepov|Yesimov|Abenov|Beisenov|Ospanov|Temirov|Ayazbayev|Gaipov|Khalilov"
        ),
        "fem": "a",
    },
    "slavic": {
        "m": _words(
            "Oleksandr|Andriy|Dmytro|Ivan|Mykola|Serhiy|Volodymyr|Yuriy|Petro|Vasyl|Bohdan|"
            "Taras|Maksym|Oleh|Ihor|Viktor|Roman|Pavlo|Artem|Yevhen|Oleksiy|Sergei|Nikolai|"
            "Vladimir|Mikhail|Anatoliy|Vitaliy|Yaroslav|Stepan|Hennadiy|Valeriy|Ruslan|Denys|"
            "Kostiantyn|Mykhailo|Borys|Leonid|Anton|Fedir|Hryhoriy|Arseniy|Danylo|Yevhen|Ivan|"
            "Kyrylo|Lev|Marko|Nazar|Orest|Ostap|Rostyslav|Semen|Tymofiy|Vadym|Vsevolod|Zakhar|"
            "Eduard|Heorhiy|Illia|Mstyslav|Oleksandr|Sviatoslav|Yakiv|Zinoviy"
        ),
        "f": _words(
            "Olena|Oksana|Iryna|Nataliya|Tetiana|Yuliya|Svitlana|Halyna|Kateryna|Mariya|Hanna|"
            "Lyudmyla|Nadiya|Viktoriya|Olha|Larysa|Yana|Inna|Alla|Zhanna|Valentyna|Liliya|"
            "Khrystyna|Sofiya|Daryna|Anastasiya|Yevheniya|Oleksandra|Vira|Tamara|Raisa|Zoya|"
            "Alina|Bohdana|Diana|Halyna|Ivanna|Kira|Lesia|Marta|Myroslava|Nina|Olesia|Polina|"
            "Roksolana|Solomiia|Uliana|Vasylyna|Yaryna|Zlata|Antonina|Hanna|Liudmyla|Maryna"
        ),
        "last": _words(
            "Shevchenko|Kovalenko|Bondarenko|Tkachenko|Kravchenko|Melnyk|Boyko|Koval|Shevchuk|"
            "Polishchuk|Lysenko|Moroz|Marchenko|Savchenko|Rudenko|Petrenko|Petrov|Ivanov|"
            "Smirnov|Sokolov|Popov|Kuznetsov|Vasylyev|Zaitsev|Pavlov|Semenov|Golubev|Bogdanov|"
            "Volkov|Fedorov|Morozov|Kovalchuk|Oliynyk|Kravets|Hrytsenko|Tkachuk|Kushnir|Pavlenko|"
            "Zhuravlev|Yakovlev|Romanenko|Klymenko|Ponomarenko|Kharchenko|Kolesnyk|Karpenko|"
            "Dovzhenko|Kyrylenko|Yurchenko|Sydorenko|Hordiyenko|Zakharchenko|Tymoshenko|"
            "Kovalskiy|Zhukovskiy|Sosnovskiy|Levytskiy|Horbunov|Chernov|Belov|Orlov|Yegorov"
        ),
        "fem": "a",
    },
    "latin_east": {
        "m": _words(
            "Ion|Vasile|Gheorghe|Mihai|Andrei|Alexandru|Nicolae|Dumitru|Sergiu|Igor|Victor|"
            "Vladimir|Radu|Florin|Adrian|Cristian|Marian|Ovidiu|Valeriu|Octavian|Eugen|Tudor"
        ),
        "f": _words(
            "Elena|Maria|Ana|Ioana|Cristina|Natalia|Doina|Lilia|Victoria|Diana|Mariana|Tatiana|"
            "Irina|Angela|Aurelia|Corina|Daniela|Lucia|Rodica|Silvia|Valentina|Violeta"
        ),
        "last": _words(
            "Rusu|Ceban|Popescu|Lungu|Munteanu|Ciobanu|Cojocaru|Rotaru|Sandu|Popa|Moraru|Ursu|"
            "Turcanu|Ionescu|Dumitrescu|Stan|Stoica|Constantin|Radu|Matei|Gheorghiu|Botnaru|"
            "Cebotari|Croitoru|Gutu|Lupu|Melnic|Negru|Plamadeala|Rosca|Sirbu|Tabacaru|Vasilache|"
            "Zgardan|Balan|Bejan|Cazacu|Donica|Grosu|Iordache|Marin|Nistor|Postolache|Spinu"
        ),
        "fem": "",
    },
    "georgian": {
        "m": _words("Giorgi|Davit|Levan|Irakli|Zurab|Nikoloz|Lasha|Giga|Revaz|Tornike|Vakhtang"),
        "f": _words("Nino|Tamar|Mariam|Ketevan|Natia|Salome|Eka|Maia|Tea|Lika|Sopho|Nana"),
        "last": _words(
            "Beridze|Kapanadze|Gelashvili|Maisuradze|Giorgadze|Lomidze|Tsiklauri|Bolkvadze|"
            "Nozadze|Mikeladze|Abashidze|Javakhishvili|Kvaratskhelia|Chikovani|Dolidze|Kiknadze"
        ),
        "fem": "",
    },
    "armenian": {
        "m": _words("Aram|Armen|Hayk|Narek|Tigran|Vahe|Gevorg|Karen|Levon|Samvel|Artur|Arsen"),
        "f": _words("Gohar|Anahit|Lilit|Ani|Armine|Siranush|Lusine|Nune|Mariam|Hasmik|Zara"),
        "last": _words(
            "Hakobyan|Petrosyan|Sargsyan|Harutyunyan|Grigoryan|Khachatryan|Hovhannisyan|"
            "Vardanyan|Karapetyan|Avetisyan|Mkrtchyan|Gevorgyan|Ghazaryan|Manukyan|Poghosyan"
        ),
        "fem": "",
    },
    "azeri": {
        "m": _words("Elchin|Rashad|Tural|Farid|Orkhan|Ilham|Vugar|Anar|Ramil|Samir|Kamran|Elnur"),
        "f": _words("Leyla|Aygun|Gunel|Sevinj|Narmin|Aysel|Konul|Lala|Nigar|Shahla|Ulviyya"),
        "last": _words(
            "Mammadov|Aliyev|Huseynov|Hasanov|Guliyev|Ismayilov|Abbasov|Babayev|Jafarov|"
            "Rzayev|Mustafayev|Gasimov|Suleymanov|Veliyev|Nasirov|Karimov|Ibrahimov|Safarov"
        ),
        "fem": "a",
    },
    "west": {
        "m": _words(
            "Erik|Lars|Johan|Mikael|Jonas|Lukas|Felix|Thomas|Stefan|Pierre|Jean|Luc|Jan|Pieter|"
            "Daan|Markus|Andreas|Martin|Henrik|Nils|Olivier|Nicolas|Matthias|Tobias|Florian|"
            "Bastian|Maarten|Sander|Bram|Gustav"
        ),
        "f": _words(
            "Anna|Karin|Sofia|Emma|Maja|Julia|Laura|Claudia|Sabine|Marie|Camille|Sophie|Anke|"
            "Sanne|Ingrid|Eva|Katharina|Lena|Charlotte|Isabelle|Nathalie|Femke|Astrid|Birgit|"
            "Petra|Ulrike|Chantal|Elise"
        ),
        "last": _words(
            "Lindqvist|Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Berg|Lindberg|"
            "Muller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Hoffmann|Huber|Gruber|"
            "Bauer|Dubois|Martin|Bernard|Moreau|Laurent|Lefebvre|de Vries|Jansen|van Dijk|"
            "Bakker|Visser|Smit|Meijer|Lindgren|Holm|Sandberg|Keller|Zimmermann|Schwarz|Koch|"
            "Richter|Wolf|Fontaine|Girard|Mercier|Rousseau|Vincent|de Boer|Mulder|Bos|Hendriks"
        ),
        "fem": "",
    },
    "south": {
        "m": _words(
            "Georgios|Dimitrios|Konstantinos|Nikos|Luca|Marco|Alessandro|Giovanni|Javier|Pablo|"
            "Carlos|Miguel|Mehmet|Mustafa|Emre|Ahmet|Murat|Kemal|Stavros|Yannis|Francesco|"
            "Matteo|Alejandro|Diego|Burak|Hakan"
        ),
        "f": _words(
            "Eleni|Katerina|Sofia|Maria|Giulia|Francesca|Chiara|Elena|Carmen|Lucia|Marta|Ayse|"
            "Fatma|Zeynep|Elif|Despina|Vasiliki|Alessandra|Valentina|Paola|Isabel|Pilar|Emine|"
            "Merve|Selin"
        ),
        "last": _words(
            "Papadopoulos|Georgiou|Nikolaou|Ioannou|Papadakis|Vlachos|Konstantinidis|Rossi|"
            "Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Garcia|Martinez|"
            "Lopez|Sanchez|Perez|Gomez|Fernandez|Rodriguez|Moreno|Jimenez|Yilmaz|Kaya|Demir|"
            "Sahin|Celik|Yildiz|Ozturk|Aydin|Arslan|Dogan|Kilic|Papageorgiou|Antoniou|Galanis"
        ),
        "fem": "greek",
    },
    "central": {
        "m": _words(
            "Piotr|Tomasz|Krzysztof|Pawel|Marcin|Michal|Jakub|Grzegorz|Georgi|Dimitar|Nikolay|"
            "Hristo|Stoyan|Todor|Lukasz|Wojciech|Plamen|Svetoslav"
        ),
        "f": _words(
            "Anna|Katarzyna|Agnieszka|Magdalena|Joanna|Malgorzata|Ewa|Barbara|Petya|Desislava|"
            "Milena|Radka|Tsvetelina|Gergana|Monika|Zofia|Iliana|Vesela"
        ),
        "last": _words(
            "Nowak|Kowalski|Wisniewski|Wojcik|Kaminski|Lewandowski|Zielinski|Szymanski|Wozniak|"
            "Dabrowski|Kozlowski|Jankowski|Mazur|Krawczyk|Dimitrov|Georgiev|Ivanov|Stoyanov|"
            "Todorov|Petkov|Nikolov|Angelov|Kolev|Hristov|Marinov|Iliev|Atanasov|Yordanov"
        ),
        "fem": "slav",
    },
    "balkan": {
        "m": _words(
            "Marko|Nikola|Milan|Dragan|Emir|Stefan|Aleksandar|Dejan|Goran|Zoran|Edin|Adnan|"
            "Arben|Besnik|Ilir|Dritan|Vladimir|Bojan|Mirza|Jasmin|Filip|Petar"
        ),
        "f": _words(
            "Ana|Jelena|Ivana|Amra|Lejla|Marija|Milica|Dragana|Sanja|Aida|Elma|Selma|Arta|Blerta|"
            "Elira|Teuta|Vesna|Snezana|Tijana|Biljana|Maja|Jovana"
        ),
        "last": _words(
            "Horvat|Kovacevic|Jovanovic|Petrovic|Nikolic|Hodzic|Begovic|Hoxha|Krasniqi|Berisha|"
            "Markovic|Djordjevic|Stojanovic|Ilic|Pavlovic|Popovic|Mehmedovic|Hadzic|Delic|"
            "Kadric|Gashi|Shehu|Dervishi|Leka|Kola|Spahiu|Trajkovski|Stojanovski|Nikolovski|"
            "Dimovski|Vukovic|Radovic|Perovic|Bulatovic"
        ),
        "fem": "",
    },
}
# Surnames made of first names, as Central Asian and Ukrainian ones often are (`Rustamov`,
# `Petrenko`).
for _m in NAMES["ca"]["m"]:
    _s = _m + ("yev" if _m[-1] in "aeiou" else "ov")
    if _s not in NAMES["ca"]["last"]:
        NAMES["ca"]["last"].append(_s)
for _m in NAMES["slavic"]["m"]:
    _s = re.sub("[aeiouy]+$", "", _m) + "enko"
    if _s not in NAMES["slavic"]["last"]:
        NAMES["slavic"]["last"].append(_s)
# Where a name is a romanization of Cyrillic (or its neighbours): its spellings vary.
CYRILLIC_ORIGIN = {"ca", "slavic", "azeri", "central"}

GOV_PREFIX = _words(
    "National|Inter-agency|Interdepartmental|Republican|State|Regional|City|Municipal|Central|"
    "Permanent|Joint|Inter-ministerial|Federal|Provincial"
)
GOV_BODY = _words(
    "Commission|Council|Committee|Working Group|Coordination Council|Task Force|Agency|Office|"
    "Centre|Board|Secretariat|Coordination Centre|Service|Directorate"
)
TOPIC = _words(
    "Combating Human Trafficking|Countering Trafficking in Persons|Combating Trafficking in "
    "Human Beings|Migration|Labour Migration|Victim Support|Child Protection|Juvenile Affairs|"
    "Gender Equality|Decent Work|Forced Labour|Human Rights|Refugees|Border Management|Social "
    "Protection|Family Affairs|Women's Affairs|Youth Policy|Employment|Crime Prevention|Drug "
    "Control|Domestic Violence|Rehabilitation of Victims|Legal Aid|Missing Persons|Migrant "
    "Workers' Rights|Labour Inspection|Vulnerable Children|Child Labour|Sexual Exploitation|"
    "Online Child Abuse|Organized Crime|Witness Protection|Public Health|Reintegration|"
    "Minors' Rights|Equal Opportunities|Ethnic Relations|Religious Affairs|Anti-Corruption|"
    "Cybercrime|Emergency Response|Statistics|Civil Registration|Consular Affairs|"
    "Adoption|Disability Rights|Elderly Care|Housing|Food Security|Education"
)
MINISTRY = _words(
    "Internal Affairs|Interior|Justice|Labour and Social Protection|Employment and Labour "
    "Relations|Foreign Affairs|Health|Education|Social Policy|Family and Women's Affairs|Youth "
    "and Sports|Economy|Emergency Situations|Digital Development|Culture"
)
# What ministries are renamed to: their portfolio extended, narrowed or said otherwise.
MINISTRY_RENAMES = {
    "Internal Affairs": ["Interior", "Internal Affairs and Public Security"],
    "Interior": ["Internal Affairs", "Interior and Public Administration"],
    "Justice": ["Justice and Human Rights", "Justice and Legal Affairs"],
    "Labour and Social Protection": [
        "Employment and Labour Relations",
        "Labour, Employment and Social Protection",
        "Social Protection and Labour",
    ],
    "Employment and Labour Relations": [
        "Employment and Poverty Reduction",
        "Labour and Employment Relations",
    ],
    "Foreign Affairs": [
        "Foreign Affairs and European Integration",
        "Foreign Affairs and International Cooperation",
    ],
    "Health": ["Health and Social Protection", "Public Health"],
    "Education": ["Education and Science", "Public Education"],
    "Social Policy": ["Social Policy and Labour", "Social Policy, Family and Children"],
    "Family and Women's Affairs": [
        "Family, Women and Children",
        "Family Affairs and Gender Equality",
    ],
    "Youth and Sports": ["Youth, Culture and Sports", "Youth Policy and Sports"],
    "Economy": ["Economy and Finance", "Economic Development and Trade"],
    "Emergency Situations": ["Emergencies", "Emergency Management"],
    "Digital Development": ["Digital Technologies", "Digital Development and Communications"],
    "Culture": ["Culture and Tourism", "Culture and Information"],
}
UNIT = _words("Department|Directorate|Division|Main Directorate|Unit|Service|Section|Bureau|Centre")
POLICE = _words(
    "Anti-Trafficking|Cybercrime|Migration|Border|Juvenile|Criminal Investigation|Organized "
    "Crime|Patrol|Transport|Economic Crimes"
)
NGO_ADJ = _words(
    "Public|Civic|International|Women's|Youth|Legal|Independent|Christian|Regional|Local|"
    "Community|Humanitarian|Social|Charitable|Democratic|Volunteer"
)
NGO_BODY = _words(
    "Association|Foundation|Centre|Network|Union|Alliance|Initiative|Coalition|League|Fund|"
    "Institute|Society|Movement|Partnership|Forum|Council|Crisis Centre|Shelter|Hotline"
)
PROPER = _words(
    "Nadezhda|Ishonch|Istiqbolli Avlod|Sana Sezim|Tirek|Ariadna|Mira|Astra|Nadiya|Kompass|"
    "Oasis|Horizon|Bridge|Lighthouse|New Life|Open Hands|Safe Home|Dignity|Hope|Future|Rainbow|"
    "Harmony|Dawn|Freedom|Voice|Step Forward|Solidarity|Anchor|Haven|Pathways|Crossroads|"
    "Sunrise|Guardian|Unity|Ark|Helping Hands|Mercy|Liberty|Clear Water|Golden Bridge|Tomorrow|"
    "Our Children|Family House|Bright Future|Green Light|Sister|Sabr|Umid|Nur|Shams|Oydin|"
    "Barqaror|Kelajak|Mehr|Najot|Ozod|Rahmat|Tayanch|Yordam|Zamin|Ak Zhol|Bota|Zhardem|"
    "Meerim|Adilet|Insan|Ainek|Tumar|Umut|Aidyn|Dostluk|Kuat|Zhuldyz|Rodnik|Svitanok|Vita|"
    "Zhinocha Hromada|Prometheus|Lotus|Caritas|Concordia|Terre|Atlas|Magnolia|Lantern|Beacon|"
    "Open Door|Second Chance|Safe Passage|Free Wings|Blue Heart|Morning Star|Silver Lining|"
    "Compass Rose|True North|Kind Hearts|Strong Roots|Rising Sun|Good Shepherd|Open Sky|"
    "Salvation|Nightingale|Edelweiss|Amaranth|Phoenix|Aurora|Orion|Vega|Polaris|Meridian"
)
PARENTS = [
    ("International Organization for Migration", "IOM", "Mission|Office|Country Office|Sub-Office"),
    (
        "United Nations Office on Drugs and Crime",
        "UNODC",
        "Programme Office|Country Office|Project Office",
    ),
    (
        "Organization for Security and Co-operation in Europe",
        "OSCE",
        "Programme Office|Project Co-ordinator|Mission|Centre",
    ),
    ("Office for Democratic Institutions and Human Rights", "ODIHR", "Field Office|Project Office"),
    ("United Nations Children's Fund", "UNICEF", "Country Office|Field Office|Office"),
    (
        "United Nations High Commissioner for Refugees",
        "UNHCR",
        "Representation|Office|Field Office",
    ),
    ("International Labour Organization", "ILO", "Country Office|Project Office|Office"),
    ("United Nations Development Programme", "UNDP", "Country Office|Office"),
    ("International Centre for Migration Policy Development", "ICMPD", "Project Office|Office"),
    ("United Nations Population Fund", "UNFPA", "Country Office|Office"),
    ("European Union Delegation", "EUD", "Office"),
    ("World Health Organization", "WHO", "Country Office|Office"),
]
ACADEMIC = _words(
    "Law|Sociology|Migration Studies|Human Rights|Social Research|Criminology|Public "
    "Administration|International Relations|Gender Studies|Social Work|Economics|Demography"
)
MEDIA = _words("Daily|Times|Herald|News Agency|Radio|Television|Review|Gazette|Post|Observer")
PARLIAMENT = {
    "uz": "Oliy Majlis",
    "kz": "Mazhilis",
    "kg": "Jogorku Kenesh",
    "tj": "Majlisi Oli",
    "ua": "Verkhovna Rada",
    "md": "Parliament of Moldova",
    "ge": "Parliament of Georgia",
    "am": "National Assembly of Armenia",
    "az": "Milli Majlis",
    "tm": "Mejlis",
}
EVENT_KIND_WORDS = {
    "conference": _words("Conference|International Conference|Regional Conference|Forum|Summit"),
    "roundtable": _words("Round-table|Roundtable|Round Table Discussion|Expert Roundtable"),
    "workshop": _words("Workshop|Seminar|Expert Seminar|Training Seminar|Webinar"),
    "training": _words("Training|Training Course|Capacity-building Training|Study Visit"),
    "meeting": _words("Meeting|Coordination Meeting|Consultation|Briefing|Working Meeting"),
}
EVENT_TOPIC = _words(
    "the identification of victims of trafficking|labour migration and trafficking|national "
    "referral mechanisms|child protection online|safe migration|forced labour in agriculture|"
    "trafficking in human beings|the protection of labour migrants|the rights of migrant "
    "workers|victim-centred investigations|prosecution of trafficking cases|the World Day "
    "against Trafficking in Persons|preventing child labour|combating sexual exploitation|"
    "cross-border co-operation|shelters for victims|the reintegration of returnees|"
    "trafficking and the internet|gender-based violence|international standards and national "
    "law|the national action plan|financial investigations of trafficking|ethical recruitment|"
    "supply chains and forced labour|data collection on trafficking|the non-punishment "
    "principle|compensation for victims|hotlines and outreach|trafficking for organ removal|"
    "labour inspection|irregular migration|statelessness|early marriage|begging and "
    "exploitation|online recruitment|the role of civil society|corporate due diligence|"
    "witness protection|legal aid for victims|media reporting on trafficking"
)
AUDIENCE = _words(
    "for judges|for police officers|for social workers|for border guards|for journalists|for "
    "prosecutors|for labour inspectors|for NGOs|for consular staff|for teachers|for youth|for "
    "health workers|for diplomats|for lawyers|for students"
)
POSITIONS = _words(
    "Director|Adviser|Programme Officer|Head of Unit|Expert|Researcher|Rapporteur|"
    "Coordinator|Deputy Minister|Ambassador|Executive Secretary|Chairperson|Lawyer|"
    "Psychologist|Inspector|Prosecutor|Judge|Chief of Mission|Project Manager|Analyst"
)
PUBLISHERS = _words(
    "UzA|Kun.uz|Gazeta.uz|Kazinform|Tengrinews|AKIpress|24.kg|Asia-Plus|Ukrinform|UNIAN|"
    "Moldpres|IPN|Civil.ge|Armenpress|APA|Trend|OSCE|IOM|UNODC|ILO|Reuters|RFE/RL|Eurasianet|"
    "The Diplomat|Balkan Insight|Ekathimerini|ANSA|EFE|PAP|BTA|Tanjug|Anadolu|ORF|Swissinfo"
)
HONORIFIC = ["", "", "", "", "Dr", "Prof.", "Colonel", "Judge", "Ambassador"]
TITLES = ["Dr.", "Dr", "Prof.", "Professor", "Mr", "Ms.", "Mrs.", "H.E."]

# Spellings of places that romanizations (or old names) vary on.
PLACE_VARIANTS = {
    "Tashkent": ["Toshkent"],
    "Samarkand": ["Samarqand"],
    "Bukhara": ["Buxoro"],
    "Andijan": ["Andijon"],
    "Fergana": ["Ferghana", "Farg'ona"],
    "Karshi": ["Qarshi"],
    "Termez": ["Termiz"],
    "Urgench": ["Urganch"],
    "Shymkent": ["Chimkent"],
    "Karaganda": ["Karagandy", "Qaraghandy"],
    "Aktobe": ["Aqtobe"],
    "Jalal-Abad": ["Dzhalal-Abad", "Jalalabad"],
    "Khujand": ["Khudzhand", "Hujand"],
    "Kulob": ["Kulyab"],
    "Khorog": ["Khorugh"],
    "Ashgabat": ["Ashkhabad", "Asgabat"],
    "Turkmenabat": ["Turkmenabad"],
    "Dashoguz": ["Dashkhovuz"],
    "Kyiv": ["Kiev"],
    "Kharkiv": ["Kharkov"],
    "Odesa": ["Odessa"],
    "Lviv": ["Lvov"],
    "Dnipro": ["Dnepr"],
    "Zaporizhzhia": ["Zaporozhye", "Zaporizhia"],
    "Mykolaiv": ["Nikolaev", "Mykolayiv"],
    "Chernivtsi": ["Chernovtsy"],
    "Vinnytsia": ["Vinnitsa"],
    "Chisinau": ["Chișinău", "Kishineu"],
    "Balti": ["Bălți"],
    "Comrat": ["Komrat"],
    "Yerevan": ["Erevan"],
    "Gyumri": ["Gumri"],
    "Baku": ["Baki"],
    "Ganja": ["Gyandzha"],
    "Sumgait": ["Sumqayit"],
    "Kyrgyzstan": ["Kirgizstan"],
    "Tajikistan": ["Tadzhikistan"],
    "Uzbekistan": ["O'zbekiston"],
    "Kazakhstan": ["Qazaqstan"],
    "Oskemen": ["Öskemen"],
}
# Romanization rules for person names (regex on a word, replacement).
TRANSLIT_RULES = [
    (r"^Yu", "Iu"),
    (r"^Yu", "Ju"),
    (r"^Ya", "Ia"),
    (r"^Ya", "Ja"),
    (r"^Ye", "E"),
    (r"yu", "iu"),
    (r"ya", "ia"),
    (r"([aeo])y", r"\1i"),
    (r"kh", "h"),
    (r"^Kh", "H"),
    (r"^Kh", "X"),
    (r"zh", "j"),
    (r"^Zh", "J"),
    (r"^Dzh", "J"),
    (r"dzh", "j"),
    (r"^J", "Dzh"),
    (r"ov$", "off"),
    (r"ova$", "owa"),
    (r"ev$", "iev"),
    (r"yev$", "ev"),
    (r"ayev$", "aev"),
    (r"iy$", "y"),
    (r"iy$", "ii"),
    (r"skiy$", "sky"),
    (r"skiy$", "ski"),
    (r"yeva$", "eva"),
    (r"ts", "tz"),
    (r"shch", "sch"),
    (r"^Q", "K"),
    (r"q", "k"),
    (r"ii", "i"),
    (r"([^aeiou])h", r"\1g"),
    (r"^H", "G"),
    (r"iya$", "ia"),
    (r"^E", "Ye"),
    (r"ie", "ye"),
    (r"u", "ou"),
    (r"j", "dj"),
    (r"x", "kh"),
    (r"ch", "tch"),
    (r"sh", "ch"),
]
KEYBOARD = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnm",
        "wa esd rdf tfg yhg ujh iku olj pl; ;lo swz edx rfc tgv yhb ujn ikm olk ;p, xsa cdz vfx "
        "bgc nhv mjb ,kn".split(),
        strict=True,
    )
)


# -- the dataset ------------------------------------------------------------------------------


@dataclass
class Org:
    key: int
    name: str
    kind: str
    country: str | None
    parts: dict[str, Any]
    period: tuple[date, date]
    aliases: list[str] = field(default_factory=list)
    parent: int | None = None
    sources: list[int] = field(default_factory=list)
    id: str = ""


@dataclass
class Person:
    key: int
    name: str
    country: str | None
    region: str
    gender: str
    first: str
    last: str
    honorific: str = ""
    sources: list[int] = field(default_factory=list)
    id: str = ""


@dataclass
class Event:
    key: int
    name: str
    kind: str
    day: date
    precision: str
    city: str
    country: str | None
    organizers: list[int] = field(default_factory=list)
    speakers: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    id: str = ""

    @property
    def start(self) -> str:
        if self.precision == "day":
            return self.day.isoformat()
        if self.precision == "month":
            return self.day.isoformat()[:7]
        return ""


@dataclass
class Source:
    key: int
    day: date
    name: str
    publisher: str
    id: str = ""


@dataclass(frozen=True)
class Pair:
    """Two records (original first) of one type, and the kind of likeness between them."""

    a: str
    b: str
    kind: str
    type: str


@dataclass
class Dataset:
    sources: list[Source]
    orgs: list[Org]
    people: list[Person]
    events: list[Event]
    affiliations: list[tuple[int, int, str]]  # (person, org, position)
    duplicates: list[Pair]
    look_alikes: list[Pair]
    written_first: list[str] = field(default_factory=list)  # ids the loader must see first

    @property
    def counts(self) -> dict[str, int]:
        return {
            "organizations": len(self.orgs),
            "people": len(self.people),
            "events": len(self.events),
            "sources": len(self.sources),
            "organized": sum(len(e.organizers) for e in self.events),
            "participations": sum(len(e.speakers) for e in self.events),
            "affiliations": len(self.affiliations),
        }

    @property
    def records(self) -> int:
        return len(self.orgs) + len(self.people) + len(self.events) + len(self.sources)

    # -- as the store gives it back ----------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        """`dedupe_entities` rows, as the store returns them after a load of `write`'s CSV."""
        src = {s.key: s.id for s in self.sources}
        org_id = {o.key: o.id for o in self.orgs}
        out: list[dict[str, Any]] = []
        for s in self.sources:
            out.append(_row("Source", s.id, s.name, sourceIds=[s.id], date=s.day.isoformat()))
        for o in self.orgs:
            out.append(
                _row(
                    "Organization",
                    o.id,
                    o.name,
                    aliases=o.aliases,
                    country=o.country,
                    kind=o.kind,
                    parentId=org_id[o.parent] if o.parent is not None else None,
                    sourceIds=[src[k] for k in o.sources],
                )
            )
        for p in self.people:
            out.append(
                _row(
                    "Person", p.id, p.name, country=p.country, sourceIds=[src[k] for k in p.sources]
                )
            )
        for e in self.events:
            out.append(
                _row(
                    "Event",
                    e.id,
                    e.name,
                    country=e.country,
                    kind=e.kind,
                    sourceIds=[src[k] for k in e.sources],
                    # As the loader stores them: a month as its first day, the day of the
                    # year of a day's date or of a date without its year.
                    date=(e.start + "-01" if e.precision == "month" else e.start) or None,
                    monthDay=None if e.precision == "month" else e.day.isoformat()[5:],
                )
            )
        return out

    def edges(self) -> list[dict[str, Any]]:
        """`dedupe_edges` rows: the links the loader writes (co-organization derived)."""
        org_id = {o.key: o.id for o in self.orgs}
        person_id = {p.key: p.id for p in self.people}
        out: list[dict[str, Any]] = []
        co: set[tuple[str, str]] = set()
        for e in self.events:
            ids = [org_id[o] for o in e.organizers]
            out += [{"a": o, "type": "ORGANIZED", "b": e.id} for o in ids]
            out += [{"a": person_id[p], "type": "PARTICIPATED_IN", "b": e.id} for p in e.speakers]
            co.update((min(x, y), max(x, y)) for x, y in itertools.combinations(ids, 2))
        out += [{"a": a, "type": "CO_ORGANIZED_WITH", "b": b} for a, b in sorted(co)]
        out += [
            {"a": person_id[p], "type": "AFFILIATED_WITH", "b": org_id[o]}
            for p, o, _ in dict.fromkeys((p, o, "") for p, o, _ in self.affiliations)
        ]
        out += [
            {"a": o.id, "type": "PART_OF", "b": org_id[o.parent]}
            for o in self.orgs
            if o.parent is not None
        ]
        return out

    # -- as the loader reads it --------------------------------------------------------------

    def write(self, folder: Path) -> dict[str, int]:
        """The loader's CSV folder; counts per file."""
        folder.mkdir(parents=True, exist_ok=True)
        src = {s.key: s.id for s in self.sources}
        org_id = {o.key: o.id for o in self.orgs}
        person_id = {p.key: p.id for p in self.people}
        first = set(self.written_first)

        def ordered(items: list[Any]) -> list[Any]:
            return [x for x in items if x.id in first] + [x for x in items if x.id not in first]

        def cite(keys: list[int]) -> str:
            return "|".join(src[k] for k in keys)

        def table(name: str, header: list[str], rows: list[list[Any]]) -> None:
            with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
                out = csv.writer(fh)
                out.writerow(header)
                out.writerows(rows)

        table(
            "sources",
            ["id", "name", "publisher", "publishedDate", "url"],
            [
                [
                    s.id,
                    s.name,
                    s.publisher,
                    s.day.isoformat(),
                    f"https://news.example.org/{s.id[7:]}",
                ]
                for s in self.sources
            ],
        )
        table(
            "organizations",
            ["id", "name", "aliases", "kind", "country", "parentId", "sourceIds"],
            [
                [
                    o.id,
                    o.name,
                    "|".join(o.aliases),
                    o.kind,
                    o.country or "",
                    org_id[o.parent] if o.parent is not None else "",
                    cite(o.sources),
                ]
                for o in ordered(self.orgs)
            ],
        )
        table(
            "people",
            ["id", "name", "honorific", "country", "sourceIds"],
            [
                [p.id, p.name, p.honorific, p.country or "", cite(p.sources)]
                for p in ordered(self.people)
            ],
        )
        table(
            "events",
            [
                "id",
                "name",
                "kind",
                "startDate",
                "datePrecision",
                "monthDay",
                "city",
                "country",
                "sourceIds",
            ],
            [
                [
                    e.id,
                    e.name,
                    e.kind,
                    e.start,
                    e.precision,
                    "" if e.start else e.day.isoformat()[5:],
                    e.city,
                    e.country or "",
                    cite(e.sources),
                ]
                for e in ordered(self.events)
            ],
        )
        roles = ["co-organizer", "co-organizer", "host", "supporter"]
        table(
            "organized",
            ["organizationId", "eventId", "role", "sourceIds"],
            [
                [
                    org_id[o],
                    e.id,
                    "organizer" if k == 0 else roles[(e.key + k) % 4],
                    cite(e.sources),
                ]
                for e in self.events
                for k, o in enumerate(e.organizers)
            ],
        )
        table(
            "participations",
            ["personId", "eventId", "role", "sourceIds"],
            [
                [person_id[p], e.id, "speaker", cite(e.sources)]
                for e in self.events
                for p in e.speakers
            ],
        )
        people = {p.key: p for p in self.people}
        table(
            "affiliations",
            ["personId", "organizationId", "position", "sourceIds"],
            [
                [person_id[p], org_id[o], pos, cite(people[p].sources)]
                for p, o, pos in self.affiliations
            ],
        )
        return self.counts


def _row(type_: str, id_: str, name: str, **props: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "type": type_,
        "id": id_,
        "name": name,
        "aliases": [],
        "otherNames": None,
        "country": None,
        "kind": None,
        "parentId": None,
        "wikidataId": None,
        "sourceIds": [],
        "date": None,
        "monthDay": None,
    }
    row.update(props)
    return row


# -- the generator ----------------------------------------------------------------------------

START, END = date(2000, 1, 1), date(2024, 12, 31)
SPAN = (END - START).days


class _Gen:
    def __init__(self, records: int, seed: int, dup_rate: float, look_rate: float) -> None:
        self.rnd = random.Random(seed)
        self.records = records
        self.n_dup = round(records * dup_rate)
        self.n_look = round(records * look_rate)
        base = max(40, records - self.n_dup - self.n_look)
        self.n_events = max(10, round(base / 3.2))
        self.n_sources = max(5, round(self.n_events * 0.2))
        self.n_orgs = max(20, round(self.n_events * 0.5))
        self.n_people = max(10, base - self.n_events - self.n_sources - self.n_orgs)
        self.taken: dict[str, set[str]] = defaultdict(set)  # label -> every form in use
        self.bodies: set[tuple[Any, ...]] = set()  # organizations' `identity`
        self.wordsets: set[frozenset[str]] = set()  # and the words of their names
        self.sources: list[Source] = []
        self.source_days: list[date] = []
        self.orgs: list[Org] = []
        self.people: list[Person] = []
        self.events: list[Event] = []
        self.affiliations: list[tuple[int, int, str]] = []
        self.staff: dict[int, list[int]] = defaultdict(list)
        self.employers: dict[int, list[int]] = defaultdict(list)
        self._talks: dict[int, list[int]] = defaultdict(list)
        self.org_events: dict[int, list[int]] = defaultdict(list)
        self.duplicates: list[tuple[str, int, int, str]] = []  # (type, original, dup, kind)
        self.look_alikes: list[tuple[str, int, int, str]] = []
        self.used: set[tuple[str, int]] = set()  # records that are already in a pair
        self.first: list[tuple[str, int]] = []
        self.countries = [c.code for c in COUNTRIES]
        self.country_weights = list(itertools.accumulate(c.weight for c in COUNTRIES))

    # -- helpers ----------------------------------------------------------------------------

    def country(self) -> str:
        r = self.rnd.random() * self.country_weights[-1]
        return self.countries[bisect_left(self.country_weights, r)]

    def day(self, lo: date = START, hi: date = END) -> date:
        return lo + timedelta(days=self.rnd.randrange(max(1, (hi - lo).days + 1)))

    def forms(self, name: str, label: str, when: str = "") -> set[str]:
        keys = {name_key(name), *lookup_names(name, label)}
        return {f"{k}|{when}" for k in keys if k}

    def claim(self, name: str, label: str, when: str = "", own: str = "") -> bool:
        """Takes a name unless the loader would match it with one in use (but for the forms
        of `own`, the name of the record it dresses)."""
        forms = self.forms(name, label, when)
        mine = self.forms(own, label, when) if own else set()
        if not forms or (forms - mine) & self.taken[label]:
            return False
        self.taken[label] |= forms
        return True

    def new_words(self, name: str) -> bool:
        """No other organization's name has the same words (in another order)."""
        return wordset(name) not in self.wordsets

    def source_near(
        self, day: date, after: bool = True, avoid: frozenset[int] | set[int] = frozenset()
    ) -> int:
        """A source dated on or soon after `day` (or around it), not one of `avoid`."""
        i = bisect_left(self.source_days, day)
        for step in range(40):
            j = i + step if after else i + self.rnd.randint(-3, 3)
            j = min(max(j, 0), len(self.sources) - 1)
            if j not in avoid:
                return j
        return self.rnd.randrange(len(self.sources))

    # -- sources ----------------------------------------------------------------------------

    def make_sources(self) -> None:
        days = sorted(self.day() for _ in range(self.n_sources))
        for i, d in enumerate(days):
            publisher = self.rnd.choice(PUBLISHERS)
            topic = self.rnd.choice(EVENT_TOPIC)
            self.sources.append(Source(i, d, f"{publisher} on {topic}", publisher))
        self.source_days = days

    # -- organizations ----------------------------------------------------------------------

    def place(self, c: Country, city_ok: bool = True) -> tuple[str, str]:
        """How a name says where: ("of", place), ("in", place), or ("", "")."""
        r = self.rnd.random()
        if r < 0.3:
            return ("", "")
        if r < 0.55:
            return ("of", c.name)
        if r < 0.7:
            return ("of", c.formal)
        if r < 0.8:
            return ("in", c.name)
        if city_ok:
            return ("of" if r < 0.9 else "in", self.rnd.choice(c.cities))
        return ("of", c.name)

    def org_parts(self, kind: str, c: Country) -> dict[str, Any]:
        rnd = self.rnd
        if kind == "government":
            r = rnd.random()
            if r < 0.55:
                topics = [rnd.choice(TOPIC)]
                if rnd.random() < 0.3:
                    topics.append(rnd.choice([t for t in TOPIC if t != topics[0]]))
                prefix = rnd.choice(GOV_PREFIX)
                form, where = self.place(c)
                if prefix in ("City", "Municipal", "Regional", "Provincial"):
                    form, where = rnd.choice(["of", "in"]), rnd.choice(c.cities)
                return {
                    "t": "body",
                    "prefix": prefix,
                    "body": rnd.choice(GOV_BODY),
                    "prep": rnd.choice(["on", "for", "on", "on"]),
                    "topics": topics,
                    "form": form,
                    "where": where,
                }
            if r < 0.75:
                form, where = self.place(c, city_ok=False)
                return {
                    "t": "ministry",
                    "topic": rnd.choice(MINISTRY),
                    "form": form or "of",
                    "where": where or c.name,
                }
            return {
                "t": "unit",
                "unit": rnd.choice(UNIT),
                "prep": rnd.choice(["for", "on"]),
                "topics": [rnd.choice(TOPIC)],
                "ministry": rnd.choice(MINISTRY),
                "where": c.name if rnd.random() < 0.6 else "",
            }
        if kind == "law-enforcement":
            r = rnd.random()
            city = rnd.choice(c.cities)
            if r < 0.5:
                return {
                    "t": "police",
                    "unit": rnd.choice(POLICE),
                    "body": rnd.choice(
                        [
                            "Police Department",
                            "Police Unit",
                            "Police Directorate",
                            "Police Division",
                            "Investigation Unit",
                        ]
                    ),
                    "where": city,
                }
            if r < 0.75:
                return {
                    "t": "prosecutor",
                    "body": rnd.choice(
                        [
                            "Prosecutor's Office",
                            "Regional Prosecutor's Office",
                            "Court",
                            "Regional Court",
                            "Investigative Committee",
                        ]
                    ),
                    "where": city,
                }
            return {
                "t": "service",
                "prefix": rnd.choice(["State", "National", "Federal"]),
                "unit": rnd.choice(
                    [
                        "Migration",
                        "Border",
                        "Security",
                        "Customs",
                        "Guard",
                        "Penitentiary",
                        "Investigation",
                        "Labour Inspection",
                    ]
                ),
                "body": rnd.choice(["Service", "Agency", "Committee", "Guard Service"]),
                "where": c.name,
            }
        if kind == "ngo":
            r = rnd.random()
            form, where = self.place(c)
            if r < 0.5:
                topics = [rnd.choice(TOPIC)]
                if rnd.random() < 0.2:
                    topics.append(rnd.choice([t for t in TOPIC if t != topics[0]]))
                return {
                    "t": "body",
                    "prefix": rnd.choice(NGO_ADJ),
                    "body": rnd.choice(NGO_BODY),
                    "prep": rnd.choice(["for", "of", "on", "for"]),
                    "topics": topics,
                    "form": form,
                    "where": where,
                }
            return {
                "t": "proper",
                "body": rnd.choice(NGO_BODY),
                "prefix": rnd.choice(NGO_ADJ) if rnd.random() < 0.5 else "",
                "proper": rnd.choice(PROPER),
                "style": rnd.randrange(3),
                "form": form,
                "where": where,
            }
        if kind == "igo":
            full, acr, offices = rnd.choice(PARENTS)
            where = c.name if rnd.random() < 0.7 else rnd.choice(c.cities)
            return {
                "t": "igo",
                "acr": acr,
                "office": rnd.choice(offices.split("|")),
                "where": where,
            }
        if kind == "academia":
            r = rnd.random()
            city = rnd.choice(c.cities)
            if r < 0.35:
                return {
                    "t": "university",
                    "style": rnd.randrange(4),
                    "city": city,
                    "adj": c.adjective,
                    "field": rnd.choice(ACADEMIC),
                }
            return {
                "t": "institute",
                "body": rnd.choice(
                    ["Institute", "Research Centre", "Academy", "Centre", "Laboratory"]
                ),
                "field": rnd.choice(ACADEMIC),
                "city": city,
                "where": c.name if rnd.random() < 0.5 else "",
            }
        if kind == "diplomatic":
            other = BY_CODE[self.country()]
            return {
                "t": "embassy",
                "body": rnd.choice(["Embassy", "Embassy", "Consulate General", "Consulate"]),
                "of": other.name,
                "in": c.name,
                "city": rnd.choice(c.cities),
            }
        if kind == "donor":
            if rnd.random() < 0.5:
                return {
                    "t": "donor",
                    "adj": c.adjective,
                    "body": rnd.choice(
                        [
                            "Agency for International Development",
                            "Development Cooperation Agency",
                            "Fund for Development",
                            "Agency for Development and Cooperation",
                        ]
                    ),
                }
            region = NAMES[c.people]
            return {
                "t": "family",
                "last": rnd.choice(region["last"]),
                "body": rnd.choice(
                    ["Foundation", "Family Foundation", "Trust", "Charitable Trust", "Fund"]
                ),
                "where": c.name if rnd.random() < 0.4 else "",
            }
        if kind == "parliament" and c.code in PARLIAMENT:
            return {
                "t": "parliament",
                "topics": [rnd.choice(TOPIC)],
                "body": rnd.choice(["Committee", "Commission", "Working Group"]),
                "house": PARLIAMENT[c.code],
            }
        city = rnd.choice(c.cities)
        if rnd.random() < 0.5:
            return {"t": "media", "city": city, "body": rnd.choice(MEDIA)}
        region = NAMES[c.people]
        return {
            "t": "business",
            "last": rnd.choice(region["last"]),
            "body": rnd.choice(
                [
                    "Recruitment Agency",
                    "Employment Agency",
                    "Travel",
                    "Consulting",
                    "& Partners",
                    "Law Firm",
                    "Staffing",
                ]
            ),
            "city": city if rnd.random() < 0.5 else "",
        }

    def make_parents(self) -> None:
        for full, acr, _ in PARENTS:
            o = Org(
                len(self.orgs),
                full,
                "igo",
                None,
                {"t": "parent", "full": full, "acr": acr},
                (START, END),
            )
            o.sources = [self.rnd.randrange(len(self.sources))]
            self.claim(full, "Organization")
            self.wordsets.add(wordset(full))
            self.orgs.append(o)

    def make_orgs(self) -> None:
        kinds = [
            "government",
            "ngo",
            "igo",
            "academia",
            "law-enforcement",
            "diplomatic",
            "donor",
            "parliament",
            "other",
        ]
        weights = [30, 33, 8, 6, 9, 4, 4, 2, 4]
        parents = {o.parts["acr"]: o.key for o in self.orgs if o.parts.get("t") == "parent"}
        ministries: dict[tuple[str, str], int] = {}
        while len(self.orgs) < self.n_orgs:
            kind = self.rnd.choices(kinds, weights)[0]
            code = self.country()
            c = BY_CODE[code]
            for _ in range(30):
                parts = self.org_parts(kind, c)
                if kind == "parliament" and parts["t"] != "parliament":
                    kind = "other"
                name = compose(parts)
                body = identity(parts, code)
                if (
                    body not in self.bodies
                    and self.new_words(name)
                    and self.claim(name, "Organization")
                ):
                    self.bodies.add(body)
                    self.wordsets.add(wordset(name))
                    break
            else:
                continue
            o = Org(len(self.orgs), name, kind, code, parts, self.period())
            if parts["t"] == "igo":
                o.parent = parents[parts["acr"]]
                if self.rnd.random() < 0.3:
                    alias = f"{parts['acr']} {c.name}"
                    if self.claim(alias, "Organization"):
                        o.aliases.append(alias)
            elif parts["t"] == "ministry":
                ministries.setdefault((code, parts["topic"]), o.key)
            elif parts["t"] == "unit" and (code, parts["ministry"]) in ministries:
                o.parent = ministries[(code, parts["ministry"])]
            o.sources = [self.source_near(self.day(*o.period), after=False)]
            self.orgs.append(o)

    def period(self) -> tuple[date, date]:
        if self.rnd.random() < 0.65:
            return (START, END)
        a = self.day(START, date(2020, 1, 1))
        b = self.day(a + timedelta(days=900), END)
        return (a, max(a + timedelta(days=900), b))

    def activity(self) -> None:
        """Zipf-skewed weights: organization of rank k is chosen with weight 1 / (k+1)^1.1;
        IGO parents and offices, ministries and national bodies rank higher."""
        order = list(range(len(self.orgs)))
        self.rnd.shuffle(order)

        def boost(k: int) -> float:
            t = self.orgs[k].parts.get("t")
            return {"parent": 0.02, "igo": 0.2, "ministry": 0.3}.get(
                str(t), 1.0
            ) * self.rnd.random()

        order.sort(key=boost)
        weight = [0.0] * len(self.orgs)
        for rank, k in enumerate(order):
            weight[k] = 1 / (rank + 1) ** 1.1
        self.weight = weight
        self.cum_all = list(itertools.accumulate(weight))
        by_country: dict[str | None, list[int]] = defaultdict(list)
        for o in self.orgs:
            by_country[o.country].append(o.key)
        self.by_country = by_country
        self.cum_country = {
            c: (keys, list(itertools.accumulate(weight[k] for k in keys)))
            for c, keys in by_country.items()
        }

    def pick_org(self, country: str | None = None) -> int:
        if country is not None and country in self.cum_country:
            keys, cum = self.cum_country[country]
            return keys[min(len(keys) - 1, bisect_left(cum, self.rnd.random() * cum[-1]))]
        cum = self.cum_all
        return min(len(cum) - 1, bisect_left(cum, self.rnd.random() * cum[-1]))

    # -- people -----------------------------------------------------------------------------

    def person_name(
        self, region: str, gender: str, first: str = "", last: str = ""
    ) -> tuple[str, str]:
        names = NAMES[region]
        first = first or self.rnd.choice(names[gender])
        last = last or self.rnd.choice(names["last"])
        if gender == "f":
            last = feminine(last, names["fem"])
        return first, last

    def make_people(self) -> None:
        regions = list(NAMES)
        while len(self.people) < self.n_people:
            employer = self.pick_org()
            code = self.orgs[employer].country or self.country()
            if self.rnd.random() < 0.1:
                code = self.country()
            c = BY_CODE[code]
            region = c.people if self.rnd.random() < 0.9 else self.rnd.choice(regions)
            gender = self.rnd.choice("mf")
            for attempt in range(60):
                first, last = self.person_name(region, gender)
                name = f"{first} {last}"
                # With an initial sometimes, and when the name is someone else's already
                # (rarely: two people told apart by an initial alone are few).
                if self.rnd.random() < 0.04 or attempt >= 50:
                    name = f"{first} {self.rnd.choice('ABDEGIKMNRSTV')}. {last}"
                if self.claim(name, "Person"):
                    break
            else:
                continue
            p = Person(
                len(self.people),
                name,
                code,
                region,
                gender,
                first,
                last,
                honorific=self.rnd.choice(HONORIFIC),
            )
            self.people.append(p)
            self.affiliate(p.key, employer)
            if self.rnd.random() < 0.15:
                self.affiliate(p.key, self.pick_org(code))

    def affiliate(self, person: int, org: int) -> None:
        if person in self.staff[org]:
            return
        self.affiliations.append((person, org, self.rnd.choice(POSITIONS)))
        self.staff[org].append(person)
        self.employers[person].append(org)

    def talks(self, person: int) -> list[int]:
        """The events a person speaks at (indexed on first use, kept up to date after)."""
        if not self._talks:
            for e in self.events:
                for p in e.speakers:
                    self._talks[p].append(e.key)
        return self._talks[person]

    def speak(self, person: int, event: int) -> None:
        if person not in self.events[event].speakers:
            self.events[event].speakers.append(person)
            if self._talks:
                self._talks[person].append(event)

    # -- events -----------------------------------------------------------------------------

    def event_name(self, kind: str, city: str) -> str:
        rnd = self.rnd
        words = rnd.choice(EVENT_KIND_WORDS[kind])
        name = f"{words} on {rnd.choice(EVENT_TOPIC)}"
        if rnd.random() < 0.3:
            name += " " + rnd.choice(AUDIENCE)
        if rnd.random() < 0.4:
            name += f" in {city}"
        return name

    def active(self, org: int, day: date) -> bool:
        a, b = self.orgs[org].period
        return a <= day <= b

    def new_event(
        self, day: date, country: str | None, organizers: list[int], precision: str = ""
    ) -> Event | None:
        kind = self.rnd.choice(list(EVENT_KIND_WORDS))
        c = BY_CODE[country] if country else BY_CODE[self.country()]
        city = self.rnd.choice(c.cities)
        r = self.rnd.random()
        precision = precision or ("day" if r < 0.85 else "month" if r < 0.95 else "unknown-year")
        # What the loader matches events on: the name on the (first) day.
        when = day.isoformat() if precision == "day" else day.isoformat()[:7] + "-01"
        when = when if precision != "unknown-year" else "--" + day.isoformat()[5:]
        for _ in range(20):
            name = self.event_name(kind, city)
            if self.claim(name, "Event", when):
                break
        else:
            return None
        e = Event(len(self.events), name, kind, day, precision, city, c.code)
        e.organizers = list(dict.fromkeys(organizers))
        e.sources = [self.source_near(day)]
        self.events.append(e)
        for o in e.organizers:
            self.org_events[o].append(e.key)
        return e

    def pick_active(self, day: date, country: str | None = None) -> int:
        for _ in range(10):
            o = self.pick_org(country)
            if self.active(o, day):
                return o
        return o

    def speakers_for(self, e: Event) -> None:
        want = self.rnd.randint(1, 6)
        chosen: dict[int, None] = {}
        for _ in range(want * 3):
            if len(chosen) >= want:
                break
            if self.rnd.random() < 0.7:
                staff = self.staff.get(self.rnd.choice(e.organizers))
                if staff:
                    chosen.setdefault(self.rnd.choice(staff), None)
                    continue
            chosen.setdefault(self.rnd.randrange(len(self.people)), None)
        e.speakers = []
        for p in chosen:
            self.speak(p, e.key)

    def make_events(self) -> None:
        while len(self.events) < self.n_events:
            day = self.day()
            first = self.pick_active(day)
            country = self.orgs[first].country or self.country()
            organizers = [first]
            for _ in range(self.rnd.randint(1, 5)):
                local = self.rnd.random() < 0.6
                organizers.append(self.pick_active(day, country if local else None))
            e = self.new_event(day, country, organizers)
            if e is not None:
                self.speakers_for(e)

    def cite_people(self) -> None:
        """Each person cites the source of an event they spoke at (or any)."""
        for p in self.people:
            talks = self.talks(p.key)
            if talks:
                p.sources = [self.events[self.rnd.choice(talks)].sources[0]]
            else:
                p.sources = [self.rnd.randrange(len(self.sources))]

    # -- duplicates -------------------------------------------------------------------------

    def pick(self, pool: list[Any], label: str, ok: Any = lambda _: True) -> Any:
        for _ in range(200):
            x = self.rnd.choice(pool)
            if (label, x.key) not in self.used and ok(x):
                self.used.add((label, x.key))
                return x
        return None

    def dup_org(self, o: Org, name: str, kind: str) -> Org:
        d = Org(len(self.orgs), name, o.kind, o.country, dict(o.parts), o.period)
        if self.rnd.random() < 0.05:
            d.kind = "other"
        if self.rnd.random() < 0.05 and kind != "rename":
            d.country = None
        d.parent = o.parent if self.rnd.random() < 0.5 else None
        self.orgs.append(d)
        self.used.add(("org", d.key))
        self.duplicates.append(("Organization", o.key, d.key, kind))
        return d

    def partners(self, o: int) -> list[int]:
        out: dict[int, None] = {}
        for e in self.org_events.get(o, []):
            for x in self.events[e].organizers:
                if x != o:
                    out.setdefault(x, None)
        return list(out)

    def own_events(self, d: int, like: int, lo: date, hi: date, n: int) -> None:
        """`n` new events organized by `d`, with some of `like`'s partners, in [lo, hi]."""
        partners = self.partners(like)
        country = self.orgs[d].country or self.orgs[like].country
        for _ in range(n):
            day = self.day(lo, hi)
            others = self.rnd.sample(partners, min(len(partners), self.rnd.randint(1, 2)))
            others += [self.pick_active(day, country) for _ in range(self.rnd.randint(0, 2))]
            e = self.new_event(day, country, [d, *others])
            if e is not None:
                self.speakers_for(e)

    def dated(self, o: int) -> list[Event]:
        return sorted(
            (
                self.events[e]
                for e in self.org_events.get(o, [])
                if self.events[e].precision != "unknown-year"
            ),
            key=lambda e: e.day,
        )

    def make_rename(self) -> bool:
        renamable = {
            "body",
            "ministry",
            "unit",
            "police",
            "prosecutor",
            "service",
            "proper",
            "igo",
            "institute",
            "donor",
        }

        def ok(o: Org) -> bool:
            return o.parts.get("t") in renamable and len(self.dated(o.key)) >= 3

        o = self.pick(self.orgs, "org", ok)
        if o is None:
            return False
        for _ in range(30):
            parts = rename(o.parts, self.rnd, BY_CODE[o.country] if o.country else None)
            name = compose(parts)
            if (
                name_key(name) != name_key(o.name)
                and (wordset(name) == wordset(o.name) or self.new_words(name))
                and self.claim(name, "Organization")
            ):
                self.wordsets.add(wordset(name))
                break
        else:
            return False
        events = self.dated(o.key)
        split = events[self.rnd.randint(1, len(events) - 2) if len(events) > 3 else -1].day
        if events[0].day >= split:
            return False
        d = self.dup_org(o, name, "rename")
        d.kind, d.country = o.kind, o.country
        d.parts = parts
        d.period = (split, o.period[1])
        o.period = (o.period[0], split - timedelta(days=1))
        # The events from the rename on are the new name's: reported by later sources.
        for e in events:
            if e.day >= split:
                e.organizers = [d.key if x == o.key else x for x in e.organizers]
                self.org_events[d.key].append(e.key)
                self.org_events[o.key].remove(e.key)
        o.sources = [self.source_near(self.dated(o.key)[-1].day, after=False)]
        if self.source_days[o.sources[0]] >= split:
            o.sources = [max(0, bisect_left(self.source_days, split) - 1)]
        d.sources = [self.source_near(split + timedelta(days=self.rnd.randrange(30)))]
        for p in list(self.staff.get(o.key, []))[:3]:
            if self.rnd.random() < 0.5:
                self.affiliate(p, d.key)
        if self.rnd.random() < 0.5:
            self.own_events(d.key, o.key, split, min(END, split + timedelta(days=2000)), 1)
        return True

    def make_org_dup(self, kind: str) -> bool:
        def ok(o: Org) -> bool:
            t = o.parts.get("t")
            if kind in ("acronym", "source_acr"):
                return len(acronym_of(o.name)) >= 4 and t != "igo" or t == "parent"
            if kind == "office_acr":
                return t == "igo"
            if kind == "translit":
                return any(re.search(rf"\b{p}\b", o.name) for p in PLACE_VARIANTS)
            if kind == "title":
                return not o.name.startswith("The ") and t not in ("igo", "parent", "business")
            return True

        # A record sources name is seen at events (its duplicate's share its partners).
        o = self.pick(self.orgs, "org", lambda o: ok(o) and bool(self.partners(o.key)))
        if o is None:
            return False
        for _ in range(30):
            if kind == "office_acr":
                name = office_acronym(o.parts, self.rnd)
                if not name:
                    continue
            elif kind in ("acronym", "source_acr"):
                name = (
                    o.parts["acr"]
                    if o.parts.get("t") == "parent"
                    else acronym_of(
                        o.name, place=self.rnd.random() < 0.4, hyphens=self.rnd.random() < 0.5
                    )
                )
                if len(name) < 3:
                    continue
            elif kind == "translit":
                name = place_variant(o.name, self.rnd)
            elif kind == "typo":
                name = typo(o.name, self.rnd, self.rnd.choice([1, 1, 2]))
            else:
                name = o.name
            if kind == "title":
                dressed = "The " + o.name
                if not self.claim(dressed, "Organization", own=o.name):
                    continue
                o.name = dressed
                self.first.append(("org", o.key))
                break
            if name_key(name) != name_key(o.name) and self.claim(name, "Organization"):
                break
        else:
            return False
        d = self.dup_org(o, name, kind)
        if kind == "source_acr":  # the source that gives the name, then its initials
            d.sources = list(o.sources)
        else:
            self.dup_sources(d, o)
        lo, hi = o.period
        self.own_events(d.key, o.key, lo, hi, self.rnd.randint(1, 3))
        return True

    def dup_sources(self, d: Org | Person, o: Org | Person) -> None:
        avoid = set(o.sources)
        d.sources = [self.source_near(self.day(), after=False, avoid=avoid)]

    def make_person_dup(self, kind: str) -> bool:
        def ok(p: Person) -> bool:
            if kind == "translit":
                return p.region in CYRILLIC_ORIGIN and bool(self.variants(p))
            return True

        p = self.pick(self.people, "person", lambda p: ok(p) and bool(self.talks(p.key)))
        if p is None:
            return False
        for _ in range(30):
            if kind == "translit":
                name = self.rnd.choice(self.variants(p))
            elif kind == "typo":
                name = typo(p.name, self.rnd, self.rnd.choice([1, 1, 2]))
            else:
                name = p.name
            if kind == "title":
                dressed = f"{self.rnd.choice(TITLES)} {p.name}"
                if not self.claim(dressed, "Person", own=p.name):
                    continue
                p.name = dressed
                self.first.append(("person", p.key))
                break
            if name_key(name) != name_key(p.name) and self.claim(name, "Person"):
                break
        else:
            return False
        d = Person(len(self.people), name, p.country, p.region, p.gender, p.first, p.last)
        if self.rnd.random() < 0.05:
            d.country = None
        self.people.append(d)
        self.used.add(("person", d.key))
        self.duplicates.append(("Person", p.key, d.key, kind))
        employers = self.employers[p.key]
        if employers and self.rnd.random() < 0.6:
            self.affiliate(d.key, self.rnd.choice(employers))
        elif self.rnd.random() < 0.5:
            self.affiliate(d.key, self.pick_org(p.country))
        # Talks at events of the organizations the original's events had.
        near: list[int] = []
        for e in self.talks(p.key):
            for o in self.events[e].organizers:
                near += self.org_events.get(o, [])[:20]
        near = [e for e in near if p.key not in self.events[e].speakers]
        for e in self.rnd.sample(near, min(len(near), self.rnd.randint(1, 2))):
            self.speak(d.key, e)
        talks = [e for e in near if d.key in self.events[e].speakers]
        avoid = set(p.sources)
        d.sources = [
            next(
                (s for e in talks for s in self.events[e].sources if s not in avoid),
                self.source_near(self.day(), after=False, avoid=avoid),
            )
        ]
        return True

    def variants(self, p: Person) -> list[str]:
        out = []
        for first, last in ((p.first, p.last),):
            for a, b in TRANSLIT_RULES:
                new_last = re.sub(a, b, last, count=1)
                if new_last != last:
                    out.append(p.name.replace(last, new_last))
                new_first = re.sub(a, b, first, count=1)
                if new_first != first:
                    out.append(p.name.replace(first, new_first, 1))
        # Sometimes both words.
        if len(out) >= 2 and self.rnd.random() < 0.3:
            ra, rb = self.rnd.sample(TRANSLIT_RULES, 2)
            both = p.name.replace(p.last, re.sub(ra[0], ra[1], p.last, count=1)).replace(
                p.first, re.sub(rb[0], rb[1], p.first, count=1), 1
            )
            if both != p.name:
                out.append(both)
        return [n for n in dict.fromkeys(out) if name_key(n) != name_key(p.name)]

    def make_event_dup(self) -> bool:
        def ok(e: Event) -> bool:
            return len(e.organizers) >= 2 and e.precision == "day"

        e = self.pick(self.events, "event", ok)
        if e is None:
            return False
        when = e.day.isoformat()
        for _ in range(30):
            name = typo(e.name, self.rnd, self.rnd.choice([1, 1, 2]))
            if name_key(name) != name_key(e.name) and self.claim(name, "Event", when):
                break
        else:
            return False
        keep = self.rnd.sample(e.organizers, self.rnd.randint(1, min(2, len(e.organizers))))
        d = Event(len(self.events), name, e.kind, e.day, e.precision, e.city, e.country)
        d.organizers = keep + [self.pick_active(e.day, e.country)] * (self.rnd.random() < 0.3)
        d.organizers = list(dict.fromkeys(d.organizers))
        speakers = self.rnd.sample(e.speakers, min(len(e.speakers), self.rnd.randint(0, 2)))
        d.sources = [self.source_near(e.day + timedelta(days=1), avoid=set(e.sources))]
        self.events.append(d)
        for p in speakers:
            self.speak(p, d.key)
        for o in d.organizers:
            self.org_events[o].append(d.key)
        self.used.add(("event", d.key))
        self.duplicates.append(("Event", e.key, d.key, "typo"))
        return True

    # -- look-alikes ------------------------------------------------------------------------

    def make_look_alike(self, kind: str) -> bool:
        if kind == "surname":
            return self.surname_look_alike()
        if kind == "coexist":
            return self.coexist_look_alike()
        if kind == "country":
            ok = lambda o: bool(o.country) and o.parts.get("where") in _place_names(o.country)  # noqa: E731
        elif kind == "topic":
            ok = lambda o: bool(o.parts.get("topics")) and o.country is not None  # noqa: E731
        else:
            ok = lambda o: o.country is not None and o.kind in ("government", "ngo")  # noqa: E731
        o = self.pick(self.orgs, "org", ok)
        if o is None:
            return False
        code = o.country
        assert code is not None
        parent = None
        for _ in range(30):
            parts = dict(o.parts)
            if kind == "country":
                code = self.rnd.choice([c for c in self.countries if c != o.country])
                c = BY_CODE[code]
                old = BY_CODE[o.country]
                parts["where"] = {old.name: c.name, old.formal: c.formal}.get(
                    parts["where"], self.rnd.choice(c.cities)
                )
                name = compose(parts)
            elif kind == "topic":
                topics = list(parts["topics"])
                topics[self.rnd.randrange(len(topics))] = self.rnd.choice(TOPIC)
                parts["topics"] = topics
                name = compose(parts)
            else:
                city = self.rnd.choice(BY_CODE[code].cities)
                style = self.rnd.randrange(4)
                base = o.name
                name = [
                    f"Regional Office of the {base} in {city}",
                    f"{city} Branch of the {base}",
                    f"{base}, {city} Office",
                    f"{city} Regional Department of the {base}",
                ][style]
                parts = {"t": "branch", "name": name}
                parent = o.key
            body = identity(parts, code)
            if self.take_other_body(name, body, o):
                break
        else:
            return False
        lo, hi = o.period
        a = Org(len(self.orgs), name, o.kind, code, parts, (lo, hi), parent=parent)
        a.sources = [self.source_near(self.day(lo, hi), after=False)]
        self.orgs.append(a)
        self.used.add(("org", a.key))
        self.look_alikes.append(("Organization", o.key, a.key, kind))
        like = o.key if kind != "country" else self.pick_org(code)
        self.own_events(a.key, like, lo, hi, self.rnd.randint(1, 3))
        if kind == "part_of" and self.rnd.random() < 0.5 and self.org_events.get(a.key):
            e = self.events[self.org_events[a.key][0]]
            if o.key not in e.organizers:
                e.organizers.append(o.key)
                self.org_events[o.key].append(e.key)
        return True

    def take_other_body(self, name: str, body: tuple[Any, ...], like: Org) -> bool:
        """Claim a name for a new body unlike `like`: another name, body and set of words."""
        if (
            name_key(name) != name_key(like.name)
            and body not in self.bodies
            and self.new_words(name)
            and self.claim(name, "Organization")
        ):
            self.bodies.add(body)
            self.wordsets.add(wordset(name))
            return True
        return False

    def coexist_look_alike(self) -> bool:
        """Another body of a body's pattern (one of its topics another, its body word too
        half the time: "National Commission on X" beside "National Centre on Y"), seen only
        after the body's last date: within that year, or later with it at an event without a
        date. Its events share the body's partners, as a rename's would."""

        def ok(o: Org) -> bool:
            t = o.parts.get("t")
            return t == "body" and o.country is not None and len(self.dated(o.key)) >= 2

        o = self.pick(self.orgs, "org", ok)
        if o is None or o.country is None:
            return False
        for _ in range(30):
            parts = dict(o.parts)
            topics = list(parts["topics"])
            topics[self.rnd.randrange(len(topics))] = self.rnd.choice(
                [x for x in TOPIC if x not in topics]
            )
            parts["topics"] = topics
            if self.rnd.random() < 0.5:
                pool = NGO_BODY if parts["body"] in NGO_BODY else GOV_BODY
                parts["body"] = self.rnd.choice([x for x in pool if x != parts["body"]])
            name = compose(parts)
            body = identity(parts, o.country)
            if self.take_other_body(name, body, o):
                break
        else:
            return False
        last = max([e.day for e in self.dated(o.key)] + [self.source_days[s] for s in o.sources])
        lo, hi = last + timedelta(days=1), date(last.year, 12, 31)
        one_year = self.rnd.random() < 0.5 and (hi - lo).days >= 20
        if not one_year:
            lo = last + timedelta(days=400)
            hi = min(END, lo + timedelta(days=1100))
            if lo >= hi:
                return False
        a = Org(len(self.orgs), name, o.kind, o.country, parts, (lo, hi))
        self.orgs.append(a)
        self.used.add(("org", a.key))
        self.look_alikes.append(("Organization", o.key, a.key, "coexist"))
        self.own_events(a.key, o.key, lo, hi, self.rnd.randint(1, 2))
        days = [e.day for e in self.dated(a.key)] or [lo]
        a.sources = [self.source_near(min(days))]
        if not one_year:
            self.new_event(self.day(lo, hi), o.country, [o.key, a.key], "unknown-year")
        return True

    def surname_look_alike(self) -> bool:
        p = self.pick(self.people, "person", lambda p: "." not in p.name)
        if p is None:
            return False
        names = NAMES[p.region]
        for attempt in range(30):
            first = self.rnd.choice([f for f in names[p.gender] if f != p.first])
            name = p.name.replace(p.first, first, 1)
            if attempt >= 15:
                name = name.replace(first, f"{first} {self.rnd.choice('ABDEGIKMNRSTV')}.", 1)
            if self.claim(name, "Person"):
                break
        else:
            return False
        a = Person(len(self.people), name, p.country, p.region, p.gender, first, p.last)
        self.people.append(a)
        self.used.add(("person", a.key))
        self.look_alikes.append(("Person", p.key, a.key, "surname"))
        employers = self.employers[p.key]
        if employers and self.rnd.random() < 0.5:
            self.affiliate(a.key, employers[0])
        else:
            self.affiliate(a.key, self.pick_org(p.country))
        org = self.employers[a.key][-1]
        events = self.org_events.get(org, [])
        for e in self.rnd.sample(events, min(len(events), self.rnd.randint(1, 2))):
            self.speak(a.key, e)
        a.sources = [self.rnd.randrange(len(self.sources))]
        return True

    # -- all of it --------------------------------------------------------------------------

    def run(self) -> Dataset:
        self.make_sources()
        self.make_parents()
        self.make_orgs()
        self.activity()
        self.make_people()
        self.make_events()
        self.cite_people()
        kinds = [
            ("org", "rename", 0.20),
            ("org", "acronym", 0.14),
            ("org", "translit", 0.07),
            ("org", "typo", 0.08),
            ("org", "title", 0.07),
            ("org", "source_acr", 0.05),
            ("org", "office_acr", 0.05),
            ("person", "translit", 0.15),
            ("person", "typo", 0.11),
            ("person", "title", 0.10),
            ("event", "typo", 0.08),
        ]
        plan = [(t, k) for t, k, share in kinds for _ in range(max(1, round(self.n_dup * share)))]
        self.rnd.shuffle(plan)
        for t, k in plan:
            if t == "org":
                (self.make_rename() if k == "rename" else self.make_org_dup(k))
            elif t == "person":
                self.make_person_dup(k)
            else:
                self.make_event_dup()
        looks = [
            ("country", 0.3),
            ("part_of", 0.2),
            ("topic", 0.25),
            ("surname", 0.25),
            ("coexist", 0.3),
        ]
        plan2 = [k for k, share in looks for _ in range(max(1, round(self.n_look / 2 * share)))]
        self.rnd.shuffle(plan2)
        for k in plan2:
            self.make_look_alike(k)
        return self.finish()

    def finish(self) -> Dataset:
        tables: list[tuple[str, list[Any]]] = [
            ("source:s", self.sources),
            ("org:o", self.orgs),
            ("person:p", self.people),
            ("event:e", self.events),
        ]
        for prefix, items in tables:
            order = list(range(len(items)))
            self.rnd.shuffle(order)
            for item, n in zip(items, order, strict=True):
                item.id = f"{prefix}{n}"
        for e in self.events:
            e.speakers = list(dict.fromkeys(e.speakers))
        table: dict[str, list[Any]] = {
            "Organization": self.orgs,
            "Person": self.people,
            "Event": self.events,
        }
        short: dict[str, list[Any]] = {
            "org": self.orgs,
            "person": self.people,
            "event": self.events,
        }

        def pairs(found: list[tuple[str, int, int, str]]) -> list[Pair]:
            return [Pair(table[t][a].id, table[t][b].id, k, t) for t, a, b, k in found]

        return Dataset(
            self.sources,
            self.orgs,
            self.people,
            self.events,
            self.affiliations,
            pairs(self.duplicates),
            pairs(self.look_alikes),
            [short[t][k].id for t, k in self.first],
        )


def generate(
    records: int, seed: int = 0, dup_rate: float = 0.02, look_rate: float = 0.01
) -> Dataset:
    """About `records` organizations, people, events and sources, `dup_rate` of them
    duplicates and `look_rate` look-alikes of another record."""
    return _Gen(records, seed, dup_rate, look_rate).run()


# -- names ------------------------------------------------------------------------------------


def identity(p: dict[str, Any], code: str | None) -> tuple[Any, ...]:
    """What makes two generated organizations one body, however their names say where:
    "Ministry of Justice of Moldova" is "Ministry of Justice of the Republic of Moldova"."""
    t = p["t"]
    cities = set(BY_CODE[code].cities) if code else set()
    where = p.get("where") or p.get("city") or ""
    place = where if where in cities else code
    topics = frozenset(SYNONYMS.get(x, x) for x in p.get("topics", ()))
    if t == "body":
        # One national body of a kind on a topic per country, whatever its prefix says.
        prefix = p["prefix"]
        level = prefix if prefix in NGO_ADJ or prefix in LOCAL_PREFIX else "national"
        return (t, level, p["body"], topics, place)
    if t == "ministry":
        return (t, p["topic"], code)
    if t == "unit":
        return (t, topics, p["ministry"], code)
    if t in ("police", "prosecutor"):
        return (t, p.get("unit"), p["body"], where)
    if t == "service":
        return (t, p["unit"], code)
    if t in ("proper", "igo", "donor"):
        return (t, p.get("proper") or p.get("acr") or p.get("adj"), code)
    if t == "institute":
        return (t, p["field"], place)
    if t == "parliament":
        return (t, topics, p["house"])
    if t == "university":
        return (t, p["adj"] if p["style"] == 1 else p["city"], p["style"] == 3 and p["field"])
    if t in ("family", "business"):
        return (t, p["last"], code)
    if t == "embassy":
        return (t, p["body"][:6], p["of"], p["in"], p["city"] if p["body"][:6] == "Consul" else "")
    return (t, compose(p), code)


# Topics that name one thing.
SYNONYMS = {
    "Countering Trafficking in Persons": "Combating Human Trafficking",
    "Combating Trafficking in Human Beings": "Combating Human Trafficking",
}
LOCAL_PREFIX = {"Regional", "City", "Municipal", "Provincial"}


def wordset(name: str) -> frozenset[str]:
    skip = {"the", "of", "on", "and", "for", "in", "s"}
    return frozenset(w for w in name_key(name).split() if w not in skip)


def _place_names(code: str) -> set[str]:
    c = BY_CODE[code]
    return {c.name, c.formal, *c.cities}


def _where(form: str, where: str) -> str:
    return f" {form} {where}" if form and where else ""


def _topics(topics: list[str]) -> str:
    return " and ".join(topics)


def compose(p: dict[str, Any]) -> str:
    """An organization's name from its parts."""
    t = p["t"]
    if t == "parent":
        return str(p["full"])
    if t == "branch":
        return str(p["name"])
    if t == "body":
        name = f"{p['prefix']} {p['body']} {p['prep']} {_topics(p['topics'])}"
        return name + _where(p["form"], p["where"])
    if t == "ministry":
        return f"Ministry of {p['topic']}" + _where(p["form"], p["where"])
    if t == "unit":
        name = f"{p['unit']} {p['prep']} {_topics(p['topics'])} of the Ministry of {p['ministry']}"
        return name + _where("of", p["where"])
    if t == "police":
        return f"{p['unit']} {p['body']} of {p['where']}"
    if t == "prosecutor":
        return f"{p['body']} of {p['where']}"
    if t == "service":
        return f"{p['prefix']} {p['unit']} {p['body']} of {p['where']}"
    if t == "proper":
        body = f"{p['prefix']} {p['body']}".strip()
        name = [f'{body} "{p["proper"]}"', f"{p['proper']} {body}", f"{p['proper']}"][p["style"]]
        return str(name + _where(p["form"], p["where"]) if p["style"] != 0 or p["where"] else name)
    if t == "igo":
        return f"{p['acr']} {p['office']} in {p['where']}"
    if t == "university":
        return str(
            [
                f"{p['city']} State University",
                f"{p['adj']} National University",
                f"University of {p['city']}",
                f"Faculty of {p['field']}, University of {p['city']}",
            ][p["style"]]
        )
    if t == "institute":
        return f"{p['body']} of {p['field']}" + _where("in", p["where"] or p["city"])
    if t == "embassy":
        if p["body"].startswith("Consulate"):
            return f"{p['body']} of {p['of']} in {p['city']}"
        return f"{p['body']} of {p['of']} in {p['in']}"
    if t == "donor":
        return f"{p['adj']} {p['body']}"
    if t == "family":
        return f"{p['last']} {p['body']}" + _where("in", p["where"])
    if t == "parliament":
        return f"{p['body']} on {_topics(p['topics'])} of the {p['house']}"
    if t == "media":
        return f"{p['city']} {p['body']}"
    name = f"{p['last']} {p['body']}"
    return name + _where("in", p["city"]) if p.get("city") else name


def rename(parts: dict[str, Any], rnd: random.Random, c: Country | None) -> dict[str, Any]:
    """An organization's parts as a later name of it: its words changed as bodies are renamed
    (another prefix or body, a topic added or replaced, the place said otherwise)."""
    p = dict(parts)
    t = p["t"]
    changes = 0
    touched = False
    while changes < 2:
        r = rnd.random()
        if t in ("body", "unit", "parliament") and r < 0.4:
            # "on X" → "on X and Y", or "on X and Y" → "on X and Z": X stays.
            topics = list(p["topics"])[:1]
            topics.append(rnd.choice([x for x in TOPIC if x not in p["topics"]]))
            p["topics"] = topics
        elif t == "body" and r < 0.7 and not touched:
            touched = True  # its prefix or its body, not both
            key = rnd.choice(["prefix", "body"])
            pool = GOV_PREFIX if key == "prefix" else GOV_BODY
            if p["prefix"] in NGO_ADJ and key == "prefix":
                pool = NGO_ADJ
            elif p["body"] in NGO_BODY and key == "body":
                pool = NGO_BODY
            p[key] = rnd.choice([x for x in pool if x != p[key]])
        elif t == "ministry" and r < 0.7 and p["topic"] in MINISTRY_RENAMES:
            p["topic"] = rnd.choice(MINISTRY_RENAMES[p["topic"]])
            changes += 1
        elif t == "unit" and r < 0.7:
            p["unit"] = rnd.choice([x for x in UNIT if x != p["unit"]])
        elif t == "police" and r < 0.7:
            p["body"] = rnd.choice(
                [
                    x
                    for x in [
                        "Police Department",
                        "Police Service",
                        "Police Unit",
                        "Department of Police",
                        "Police Directorate",
                    ]
                    if x != p["body"]
                ]
            )
        elif t == "service" and r < 0.7:
            key = rnd.choice(["body", "prefix"])
            pool = (
                ["Service", "Agency", "Committee", "Inspectorate"]
                if key == "body"
                else ["State", "National", "Federal", "Central"]
            )
            p[key] = rnd.choice([x for x in pool if x != p[key]])
        elif t == "prosecutor" and r < 0.7:
            pool = (
                ["Court", "City Court", "District Court", "Court of First Instance"]
                if "Court" in p["body"]
                else [
                    "Prosecutor's Office",
                    "Prosecutor General's Office",
                    "Regional Prosecutor's Office",
                    "Office of the Prosecutor",
                ]
            )
            p["body"] = rnd.choice([x for x in pool if x != p["body"]])
        elif t == "proper" and r < 0.7 and not touched:
            touched = True
            key = rnd.choice(["body", "prefix", "style"])
            if key == "style":
                p["style"] = rnd.choice([s for s in range(3) if s != p["style"]])
            else:
                pool = NGO_BODY if key == "body" else NGO_ADJ
                p[key] = rnd.choice([x for x in pool if x != p[key]])
        elif t == "igo" and r < 0.7:
            _, _, offices = next(x for x in PARENTS if x[1] == p["acr"])
            p["office"] = rnd.choice(
                [
                    o
                    for o in [*offices.split("|"), "Centre", "Project Co-ordinator"]
                    if o != p["office"]
                ]
            )
        elif t in ("institute", "donor") and r < 0.7:
            p["body"] = rnd.choice(
                ["Institute", "Research Centre", "Academy", "Centre", "Laboratory"]
                if t == "institute"
                else [
                    "Agency for International Development",
                    "Development Cooperation Agency",
                    "Agency for Development and Cooperation",
                    "Development Agency",
                ]
            )
        elif c is not None and "where" in p and "form" in p:
            options = [("of", c.name), ("of", c.formal), ("", ""), ("in", c.name)]
            p["form"], p["where"] = rnd.choice([o for o in options if o != (p["form"], p["where"])])
        elif t == "igo" and c is not None:  # the country, or its capital
            p["where"] = c.cities[0] if p["where"] == c.name else c.name
        else:
            continue
        changes += 1
    return p


def acronym_of(name: str, place: bool = True, hyphens: bool = False) -> str:
    """The initials of a name's capitalised words (as an organization writes its own), without
    the trailing place when `place` is False; hyphenated words as one, or each part."""
    if not place:
        places = {n for c in COUNTRIES for n in (c.name, c.formal, *c.cities)}
        for form in (" of ", " in "):
            head, _, tail = name.rpartition(form)
            if head and tail in places:
                name = head
                break
    words = re.findall(r"[A-Za-z][\w'’]*(?:-[\w'’]+)*", name)
    skip = {"the", "of", "on", "and", "for", "in", "to", "at", "a", "an", "by", "with"}
    letters = []
    for w in words:
        if w.lower() in skip:
            continue
        parts = w.split("-") if hyphens else [w]
        letters += [x[0].upper() for x in parts if x and x[0].isalpha() and x.lower() not in skip]
    return "".join(letters) if len(letters) >= 2 else ""


def office_acronym(parts: dict[str, Any], rnd: random.Random) -> str:
    """An IGO office's initials as it writes them, without its parent's: the place's
    initial, or "in" as a small letter, or the place's first two letters ("PCU", "PCiU",
    "PCUz" for "OSCE Project Co-ordinator in Uzbekistan"); sometimes after the parent's
    ("OSCE PCUz"). "" when that is fewer than three letters."""
    skip = {"the", "of", "on", "and", "for", "in", "to", "at", "a", "an", "by", "with"}
    office = re.findall(r"[A-Za-z][\w'’]*(?:-[\w'’]+)*", parts["office"])
    place = [w for w in re.findall(r"[A-Za-z]+", parts["where"]) if w.lower() not in skip]
    style = rnd.choice(("plain", "small", "two") if len(place) == 1 else ("plain", "small"))
    tail = place[0][:2] if style == "two" else "".join(w[0].upper() for w in place)
    letters = "".join(w[0].upper() for w in office if w.lower() not in skip)
    short = letters + ("i" if style == "small" else "") + tail
    if len(short) < 3:
        return ""
    return f"{parts['acr']} {short}" if rnd.random() < 0.3 else short


def place_variant(name: str, rnd: random.Random) -> str:
    found = [p for p in PLACE_VARIANTS if re.search(rf"\b{p}\b", name)]
    if not found:
        return name
    place = rnd.choice(found)
    return re.sub(rf"\b{place}\b", rnd.choice(PLACE_VARIANTS[place]), name)


def feminine(last: str, rule: str) -> str:
    if rule == "a" and re.search(r"(ov|ev|in|yev)$", last):
        return last + "a"
    if rule in ("a", "slav") and last.endswith("skiy"):
        return last[:-4] + "ska"
    if rule == "slav" and last.endswith("ski"):
        return last[:-1] + "a"
    if rule == "slav" and re.search(r"(ov|ev)$", last):
        return last + "a"
    if rule == "greek" and last.endswith("os"):
        return last[:-2] + "ou"
    if rule == "greek" and last.endswith("is"):
        return last[:-1]
    return last


def typo(name: str, rnd: random.Random, edits: int = 1) -> str:
    """`edits` one-character edits (a neighbouring key, a letter dropped, doubled, or two
    swapped) in the name's longer words, rarely in a word's first letter; two in one word
    only if it has seven letters or more."""
    done: list[int] = []
    for _ in range(edits):
        words = name.split(" ")
        long = [
            i
            for i, w in enumerate(words)
            if len(w) >= 4 and w.isalpha() and (i not in done or len(w) >= 7)
        ]
        if not long:
            return name
        i = rnd.choice(long)
        done.append(i)
        w = words[i]
        j = rnd.randrange(1 if rnd.random() < 0.9 else 0, len(w))
        op = rnd.random()
        c = w[j].lower()
        if op < 0.35 and c in KEYBOARD:
            new = rnd.choice(KEYBOARD[c].replace(";", "").replace(",", "") or c)
            new = new.upper() if w[j].isupper() else new
            w = w[:j] + new + w[j + 1 :]
        elif op < 0.6:
            w = w[:j] + w[j + 1 :]
        elif op < 0.8:
            w = w[:j] + w[j] + w[j:]
        elif j + 1 < len(w):
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        else:
            w = w[:-1]
        words[i] = w
        name = " ".join(words)
    return name
