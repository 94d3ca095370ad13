"""Synthetic name lists for demo leaders: common given and family names across many heritages
found in the UK. Written for this project from general knowledge of common names; no real
person's data. Any resemblance of a generated name to a real person is coincidence.

Names are picked by heritage with a loose link to the (synthetic) ethnic category: a quarter of
given names come from another list, because many people's names do not follow their ethnicity.
"""

from __future__ import annotations

import random

# heritage: (female given names, male given names, family names)
NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "british": (
        ["Sarah", "Emma", "Claire", "Rachel", "Helen", "Joanne", "Nicola", "Laura", "Rebecca",
         "Louise", "Kate", "Victoria", "Charlotte", "Amy", "Hannah", "Jennifer", "Lisa",
         "Michelle", "Karen", "Julie", "Alison", "Catherine", "Elizabeth", "Lucy", "Sophie",
         "Gemma", "Samantha", "Kirsty", "Natalie", "Jane", "Susan", "Fiona", "Anna", "Jessica",
         "Zoe", "Katherine", "Ruth", "Philippa", "Eleanor", "Harriet", "Abigail", "Caroline",
         "Deborah", "Emily", "Heather", "Joanna", "Lindsey", "Megan", "Stephanie", "Tracey"],
        ["James", "David", "John", "Michael", "Paul", "Andrew", "Mark", "Richard", "Stephen",
         "Simon", "Matthew", "Christopher", "Daniel", "Peter", "Robert", "Thomas", "Jonathan",
         "Gareth", "Neil", "Ian", "Martin", "Steven", "Adam", "Benjamin", "Timothy", "Nicholas",
         "Alexander", "William", "Edward", "Philip", "Graham", "Stuart", "Craig", "Lee",
         "Darren", "Jamie", "Oliver", "Samuel", "Luke", "Carl", "Alan", "Anthony", "Gavin",
         "Jason", "Kevin", "Rhys", "Ross", "Scott", "Tom", "Duncan"],
        ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
         "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
         "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner",
         "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "King", "Baker",
         "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
         "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Cook", "Carter",
         "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Miller", "Cox", "Richards",
         "Marshall", "Simpson", "Ellis", "Adams", "Wilkinson", "Anderson", "Foster", "Chapman",
         "Mason", "Webb", "Rogers", "Gray", "Hunt", "Palmer", "Holmes", "Mills", "Barnes",
         "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins",
         "Dixon", "Fletcher", "Howard", "Fox", "Pearson", "Hamilton", "Campbell", "Stewart",
         "Murray", "MacDonald", "Reid", "Fraser", "Ross", "Owen", "Pritchard", "Rees",
         "Powell", "Atkinson", "Lawrence", "Sutton", "Holt", "Brooks", "Gibson", "Lamb"],
    ),
    "irish": (
        ["Siobhan", "Niamh", "Aoife", "Ciara", "Roisin", "Orla", "Sinead", "Mairead", "Grainne",
         "Bridget", "Aisling", "Clodagh", "Maeve", "Deirdre", "Eimear"],
        ["Sean", "Ciaran", "Declan", "Padraig", "Eoin", "Conor", "Niall", "Cormac", "Liam",
         "Fergal", "Dermot", "Brendan", "Kieran", "Colm", "Donal"],
        ["Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne", "Ryan", "O'Connor",
         "O'Neill", "Doyle", "McCarthy", "Gallagher", "Doherty", "Kennedy", "Lynch", "Quinn",
         "McLaughlin", "Carroll", "Connolly", "Daly", "Brennan", "Fitzgerald", "Flanagan",
         "Duffy", "Nolan", "Keane", "Maguire", "Hegarty"],
    ),
    "european": (
        ["Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Maria", "Ana", "Giulia", "Francesca",
         "Elena", "Ioana", "Andreea", "Sofia", "Eleni", "Ines", "Carmen", "Lucia", "Beatriz",
         "Marta", "Anja", "Katerina", "Monika", "Zsofia", "Ewa", "Greta", "Laura", "Irene"],
        ["Piotr", "Tomasz", "Marcin", "Krzysztof", "Pawel", "Marco", "Luca", "Giuseppe",
         "Andrei", "Mihai", "Nikos", "Georgios", "Joao", "Pedro", "Miguel", "Carlos", "Javier",
         "Stefan", "Lukas", "Mateusz", "Jakub", "Dimitrios", "Bogdan", "Tiago", "Matteo"],
        ["Nowak", "Mazur", "Wozniak", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
         "Romano", "Colombo", "Ricci", "Popescu", "Ionescu", "Popa", "Stoica", "Papadopoulos",
         "Georgiou", "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Garcia",
         "Martinez", "Lopez", "Fernandez", "Gonzalez", "Rodriguez", "Muller", "Schmidt",
         "Fischer", "Novak", "Horvath", "Nagy", "Dvorak", "Jansen", "de Vries", "Andersson",
         "Nielsen", "Hansen", "Constantinou"],
    ),
    "indian": (
        ["Priya", "Anjali", "Sunita", "Neha", "Pooja", "Kavita", "Deepa", "Ritu", "Meera",
         "Asha", "Shreya", "Nisha", "Rekha", "Sangeeta", "Divya", "Lakshmi", "Harpreet",
         "Gurpreet", "Jaspreet", "Manjit", "Simran", "Anita", "Shalini", "Radhika", "Reena",
         "Sonal", "Bhavna", "Hema"],
        ["Rajesh", "Sanjay", "Amit", "Vikram", "Rahul", "Arjun", "Anil", "Sunil", "Ravi",
         "Deepak", "Suresh", "Manoj", "Vijay", "Ashok", "Kiran", "Nikhil", "Harjit", "Gurjit",
         "Jaswinder", "Kuldip", "Sandeep", "Rohan", "Anand", "Prakash", "Hitesh", "Nilesh",
         "Ajay", "Pradeep"],
        ["Patel", "Shah", "Sharma", "Singh", "Gupta", "Kumar", "Mehta", "Desai", "Joshi",
         "Reddy", "Nair", "Iyer", "Menon", "Pillai", "Rao", "Chopra", "Kapoor", "Malhotra",
         "Bhatt", "Chauhan", "Mistry", "Parmar", "Gill", "Sandhu", "Dhillon", "Sidhu", "Bains",
         "Virdi", "Chandra", "Verma", "Agarwal", "Banerjee", "Chatterjee", "Mukherjee", "Das",
         "Bose", "Ghosh", "Lad", "Solanki", "Thakkar"],
    ),
    "muslim_south_asian": (
        ["Ayesha", "Fatima", "Saima", "Nadia", "Sana", "Amina", "Zainab", "Rubina", "Shazia",
         "Farah", "Hina", "Nasreen", "Sabrina", "Tahmina", "Rehana", "Yasmin", "Salma",
         "Nusrat", "Mariam", "Iqra", "Sadia", "Asma"],
        ["Mohammed", "Ahmed", "Imran", "Asif", "Tariq", "Bilal", "Usman", "Faisal", "Kamran",
         "Shahid", "Zubair", "Rizwan", "Abdul", "Hassan", "Omar", "Rashid", "Anwar", "Jamal",
         "Shafiq", "Nadeem", "Arif", "Rahim", "Kabir", "Adnan"],
        ["Khan", "Hussain", "Ali", "Ahmed", "Akhtar", "Iqbal", "Mahmood", "Rahman",
         "Chowdhury", "Islam", "Uddin", "Miah", "Hossain", "Malik", "Qureshi", "Butt",
         "Sheikh", "Siddiqui", "Raza", "Rashid", "Aslam", "Anwar", "Javed", "Haque", "Karim",
         "Sarwar", "Mirza", "Nawaz"],
    ),
    "other_asian": (
        ["Maricel", "Rowena", "Jocelyn", "Marites", "Liza", "Cherry", "Kristine", "Arlene",
         "Thanuja", "Nirmala", "Tharshini", "Sita", "Anusha", "Kalpana", "Rosalie", "Sunita"],
        ["Jose", "Rodel", "Ramon", "Arnel", "Jerome", "Rommel", "Dinesh", "Kumaran", "Rajan",
         "Bikash", "Prabin", "Ruben", "Nimal", "Chaminda", "Roshan"],
        ["Santos", "Reyes", "Cruz", "Bautista", "Mendoza", "Dela Cruz", "Villanueva",
         "Aquino", "Ramos", "Fernando", "Perera", "De Silva", "Jayasinghe", "Wickramasinghe",
         "Gunawardena", "Sivakumar", "Rajendran", "Thapa", "Gurung", "Shrestha", "Rai",
         "Tamang", "Karki", "Nguyen", "Tran"],
    ),
    "african": (
        ["Chioma", "Ngozi", "Adaeze", "Funmilayo", "Folake", "Abimbola", "Yetunde", "Ama",
         "Akosua", "Efua", "Abena", "Grace", "Blessing", "Precious", "Joy", "Faith", "Chipo",
         "Rutendo", "Nomvula", "Thandiwe", "Wanjiru", "Amara", "Ifeoma", "Nkechi", "Esi"],
        ["Chukwuemeka", "Oluwaseun", "Adebayo", "Olumide", "Babatunde", "Kwame", "Kofi",
         "Kwabena", "Yaw", "Emmanuel", "Samuel", "Tafadzwa", "Tinashe", "Farai", "Sipho",
         "Themba", "Obinna", "Ikenna", "Femi", "Tunde", "Segun", "Godfrey", "Innocent",
         "Daniel", "Abdi"],
        ["Okafor", "Okonkwo", "Adeyemi", "Oyelaran", "Ogunleye", "Olawale", "Eze", "Nwosu",
         "Obi", "Chukwu", "Mensah", "Asante", "Owusu", "Boateng", "Osei", "Appiah", "Agyeman",
         "Mutasa", "Moyo", "Ncube", "Dube", "Sibanda", "Banda", "Phiri", "Mwangi", "Kamau",
         "Otieno", "Odhiambo", "Bello", "Abubakar", "Adekunle", "Okoro", "Ekwueme", "Warsame",
         "Ahmed", "Tesfaye"],
    ),
    "caribbean": (
        ["Marcia", "Paulette", "Sonia", "Jacqueline", "Beverley", "Janet", "Yvonne", "Denise",
         "Carlene", "Shanice", "Tanya", "Keisha", "Andrea", "Natasha", "Sharon", "Simone",
         "Claudette", "Michelle"],
        ["Winston", "Delroy", "Clive", "Leroy", "Marcus", "Tyrone", "Jermaine", "Dwayne",
         "Trevor", "Errol", "Desmond", "Courtney", "Lloyd", "Wesley", "Garfield", "Andre",
         "Michael", "Anthony"],
        ["Campbell", "Brown", "Williams", "Thomas", "Grant", "Francis", "Bailey", "Edwards",
         "Henry", "Lewis", "Samuels", "Clarke", "Johnson", "Robinson", "Gordon", "Reid",
         "Forbes", "Stewart", "McKenzie", "Morgan", "Walters", "Thompson", "Charles", "Joseph",
         "Baptiste", "Alleyne", "Bennett", "Spencer", "Gayle", "Whyte", "Powell", "Brathwaite"],
    ),
    "chinese": (
        ["Mei", "Xiao", "Ying", "Jing", "Hui", "Lan", "Yan", "Fang", "Jia", "Ling", "Qing",
         "Hong", "Grace", "Michelle", "Wendy", "Joyce"],
        ["Wei", "Jun", "Hao", "Ming", "Jian", "Lei", "Tao", "Yong", "Feng", "Kai", "Bo", "Zhi",
         "Kevin", "Eric", "Ken", "Alan"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
         "Sun", "Ma", "Zhu", "Hu", "Guo", "Lin", "He", "Wong", "Chan", "Leung", "Cheung",
         "Lau", "Ho", "Ng", "Tang", "Lam", "Yeung"],
    ),
    "middle_eastern": (
        ["Leila", "Rania", "Dina", "Nour", "Samira", "Mina", "Parisa", "Shirin", "Maryam",
         "Zeynep", "Elif", "Hala", "Lina", "Sara", "Noor"],
        ["Karim", "Youssef", "Ahmad", "Sami", "Reza", "Amir", "Hamid", "Mehmet", "Mustafa",
         "Emre", "Tarek", "Nabil", "Farid", "Ibrahim", "Khalid"],
        ["Hassan", "Haddad", "Khoury", "Nasser", "Mansour", "Saleh", "Abbas", "Hosseini",
         "Rahimi", "Karimi", "Ahmadi", "Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Aziz",
         "Farah", "Najjar", "Said", "Darwish", "Abdullah"],
    ),
}

#: Heritage mix of names for each ethnic category (weights).
HERITAGE_BY_ETHNIC_CATEGORY: dict[str, dict[str, int]] = {
    "A": {"british": 93, "irish": 5, "european": 2},
    "B": {"irish": 85, "british": 15},
    "C": {"european": 75, "british": 15, "irish": 5, "middle_eastern": 5},
    "D": {"british": 55, "caribbean": 45},
    "E": {"british": 50, "african": 50},
    "F": {"british": 50, "indian": 30, "muslim_south_asian": 20},
    "G": {"british": 50, "european": 20, "caribbean": 10, "middle_eastern": 10, "chinese": 10},
    "H": {"indian": 95, "muslim_south_asian": 5},
    "J": {"muslim_south_asian": 100},
    "K": {"muslim_south_asian": 100},
    "L": {"other_asian": 70, "indian": 15, "muslim_south_asian": 15},
    "M": {"caribbean": 90, "british": 10},
    "N": {"african": 95, "british": 5},
    "P": {"african": 50, "caribbean": 50},
    "R": {"chinese": 100},
    "S": {"middle_eastern": 70, "other_asian": 10, "african": 10, "european": 10},
    "Z": {"british": 70, "irish": 4, "european": 6, "indian": 7, "muslim_south_asian": 4,
          "african": 4, "caribbean": 2, "chinese": 1, "other_asian": 1, "middle_eastern": 1},
}
HERITAGE_BY_ETHNIC_CATEGORY["99"] = HERITAGE_BY_ETHNIC_CATEGORY["Z"]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def pick_name(rng: random.Random, ethnic_category: str, female: bool) -> tuple[str, str]:
    """A (given name, family name) pair, loosely linked to the ethnic category."""
    mix = HERITAGE_BY_ETHNIC_CATEGORY[ethnic_category]
    family_heritage = _weighted(rng, mix)
    given_heritage = family_heritage if rng.random() < 0.75 else _weighted(rng, mix)
    if given_heritage == family_heritage and rng.random() < 0.08:
        given_heritage = "british"  # many people of every heritage have an English given name
    females, males, _ = NAMES[given_heritage]
    given = rng.choice(females if female else males)
    family = rng.choice(NAMES[family_heritage][2])
    return given, family


def email_local_part(given: str, family: str) -> str:
    """'Dela Cruz' → 'delacruz', "O'Brien" → 'obrien'; keeps hyphens."""
    def clean(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "-")

    return f"{clean(given)}.{clean(family)}"
