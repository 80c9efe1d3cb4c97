# The order DataLoader(shuffle: true) gives, computed independently of Strata: SeededGenerator
# (splitmix64-seeded xoshiro256**), the epoch seed seed ^ (epoch * 0x9E3779B97F4A7C15),
# unbiased bounded draws by rejection, Fisher-Yates from the last index down.
# Run: python3 shuffle-reference.py (prints the orders DataLoaderTests pins).
M=(1<<64)-1
def rotl(x,k): return ((x<<k)|(x>>(64-k)))&M
class G:
    def __init__(s,seed):
        sm=seed
        st=[]
        for _ in range(4):
            sm=(sm+0x9E3779B97F4A7C15)&M
            z=sm; z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M; z=((z^(z>>27))*0x94D049BB133111EB)&M
            st.append(z^(z>>31))
        s.s=st
    def next(s):
        a=s.s; r=(rotl((a[1]*5)&M,7)*9)&M; t=(a[1]<<17)&M
        a[2]^=a[0]; a[3]^=a[1]; a[1]^=a[2]; a[0]^=a[3]; a[2]^=t; a[3]=rotl(a[3],45); return r
def uniform(b,g):
    th=((1<<64)-b)%b
    while True:
        r=g.next()
        if r>=th: return r%b
def perm(n,seed,epoch):
    g=G(seed ^ ((epoch*0x9E3779B97F4A7C15)&M))
    o=list(range(n))
    for i in range(n-1,0,-1):
        j=uniform(i+1,g); o[i],o[j]=o[j],o[i]
    return o
print(perm(10,42,0)); print(perm(10,42,1)); print(perm(10,7,0))
